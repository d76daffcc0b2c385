//go:build !purego

#include "textflag.h"

// func epilogueAsm(h, w int, c *float32, ldc int, bias, add *float32, relu bool)
//
// Packed.Mul's epilogue on an h×w tile of C (w a multiple of 8), AVX:
// c[i][j] += bias[i] (if bias is not nil), += add[i·ldc+j] (if add is not
// nil), then max(·, 0) if relu, in that order, as epilogueGo does.
//
//	DI	&c[i][0]	R9	&add[i·ldc] or nil	SI	&bias[i] or nil
//	CX	rows left	BX	byte offset in the row	R11	w in bytes
//	R8	ldc in bytes	R10	relu	Y14	bias[i] broadcast	Y15	zero
TEXT ·epilogueAsm(SB), NOSPLIT, $0-49
	MOVQ    h+0(FP), CX
	MOVQ    w+8(FP), R11
	SHLQ    $2, R11
	MOVQ    c+16(FP), DI
	MOVQ    ldc+24(FP), R8
	SHLQ    $2, R8
	MOVQ    bias+32(FP), SI
	MOVQ    add+40(FP), R9
	MOVBQZX relu+48(FP), R10
	VXORPS  Y15, Y15, Y15
	TESTQ   CX, CX
	JZ      done
	TESTQ   R11, R11
	JZ      done

row:
	TESTQ        SI, SI
	JZ           cols
	VBROADCASTSS (SI), Y14
	ADDQ         $4, SI

cols:
	XORQ BX, BX

col:
	VMOVUPS (DI)(BX*1), Y0
	TESTQ   SI, SI
	JZ      addmat
	VADDPS  Y14, Y0, Y0

addmat:
	TESTQ  R9, R9
	JZ     relu
	VADDPS (R9)(BX*1), Y0, Y0

relu:
	TESTQ  R10, R10
	JZ     store
	// max(0, c) with c as the second source: a NaN stays NaN.
	VMAXPS Y0, Y15, Y0

store:
	VMOVUPS Y0, (DI)(BX*1)
	ADDQ    $32, BX
	CMPQ    BX, R11
	JLT     col
	ADDQ    R8, DI
	TESTQ   R9, R9
	JZ      next
	ADDQ    R8, R9

next:
	DECQ CX
	JNZ  row

done:
	VZEROUPPER
	RET
