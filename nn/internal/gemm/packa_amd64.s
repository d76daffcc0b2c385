//go:build !purego

#include "textflag.h"

// func packA6Asm(n int, src *float32, lda int, dst *float32)
//
// Each step reads 8 floats of each of the 6 rows (Y0–Y5) and transposes
// them with the usual 8×8 AVX transpose (unpack, shuffle, 128-bit
// permute), the missing rows 6 and 7 standing in as copies of rows 4 and
// 5: column p is then Y(c_p) with the sliver's 6 floats in lanes 0–5.
// Columns 0–6 are stored as whole vectors at dst[6p], in order, each
// one's two spare lanes overwritten by the next; column 7 as 4 + 2
// floats, so nothing is written past dst[48].
//	AX, BX, DX, R8, R9, R10	the six rows	SI	byte offset of column p
//	DI	&dst[6p]	CX	steps left
TEXT ·packA6Asm(SB), NOSPLIT, $0-32
	MOVQ n+0(FP), CX
	SHRQ $3, CX
	MOVQ src+8(FP), AX
	MOVQ lda+16(FP), R11
	SHLQ $2, R11
	MOVQ dst+24(FP), DI
	LEAQ (AX)(R11*1), BX
	LEAQ (BX)(R11*1), DX
	LEAQ (DX)(R11*1), R8
	LEAQ (R8)(R11*1), R9
	LEAQ (R9)(R11*1), R10
	XORQ SI, SI

packLoop:
	VMOVUPS (AX)(SI*1), Y0
	VMOVUPS (BX)(SI*1), Y1
	VMOVUPS (DX)(SI*1), Y2
	VMOVUPS (R8)(SI*1), Y3
	VMOVUPS (R9)(SI*1), Y4
	VMOVUPS (R10)(SI*1), Y5

	VUNPCKLPS Y1, Y0, Y6  // t0
	VUNPCKHPS Y1, Y0, Y7  // t1
	VUNPCKLPS Y3, Y2, Y8  // t2
	VUNPCKHPS Y3, Y2, Y9  // t3
	VUNPCKLPS Y5, Y4, Y10 // t4 (and t6)
	VUNPCKHPS Y5, Y4, Y11 // t5 (and t7)

	VSHUFPS $0x44, Y8, Y6, Y0    // s0
	VSHUFPS $0xEE, Y8, Y6, Y1    // s1
	VSHUFPS $0x44, Y9, Y7, Y2    // s2
	VSHUFPS $0xEE, Y9, Y7, Y3    // s3
	VSHUFPS $0x44, Y10, Y10, Y4  // s4
	VSHUFPS $0xEE, Y10, Y10, Y5  // s5
	VSHUFPS $0x44, Y11, Y11, Y12 // s6
	VSHUFPS $0xEE, Y11, Y11, Y13 // s7

	VPERM2F128 $0x20, Y4, Y0, Y6
	VMOVUPS    Y6, (DI)
	VPERM2F128 $0x20, Y5, Y1, Y7
	VMOVUPS    Y7, 24(DI)
	VPERM2F128 $0x20, Y12, Y2, Y8
	VMOVUPS    Y8, 48(DI)
	VPERM2F128 $0x20, Y13, Y3, Y9
	VMOVUPS    Y9, 72(DI)
	VPERM2F128 $0x31, Y4, Y0, Y10
	VMOVUPS    Y10, 96(DI)
	VPERM2F128 $0x31, Y5, Y1, Y11
	VMOVUPS    Y11, 120(DI)
	VPERM2F128 $0x31, Y12, Y2, Y14
	VMOVUPS    Y14, 144(DI)
	VPERM2F128 $0x31, Y13, Y3, Y15
	VMOVUPS    X15, 168(DI)
	VEXTRACTF128 $1, Y15, X15
	VMOVSD     X15, 184(DI)

	ADDQ $32, SI
	ADDQ $192, DI
	DECQ CX
	JNZ  packLoop
	VZEROUPPER
	RET
