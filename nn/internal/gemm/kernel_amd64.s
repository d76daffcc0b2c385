//go:build !purego

#include "textflag.h"

// The AVX2+FMA micro-kernel: one 6×16 tile of C (mr×nr in kernel.go).
//
// Registers:
//	Y0–Y11	accumulators: row i of the tile is Y(2i) (columns 0–7) and
//		Y(2i+1) (columns 8–15)
//	Y12, Y13	row p of the packed B sliver, b[p*16 : p*16+16]
//	Y14, Y15	a[p*6+i] broadcast to 8 lanes (two, alternating, so the
//		next broadcast need not wait for the FMAs reading the last)
//	AX	&a[p*6]		BX	&b[p*16]
//	CX	steps left	DX	&c[i*ldc]	SI	ldc in bytes
//
// Each step p does 2 loads, 6 broadcasts and 12 FMAs (192 flops). Two
// FMA ports with a 4-cycle latency need at least 8 independent
// accumulators to stay busy; the tile has 12.
//
// Every instruction is VEX-encoded: a legacy SSE instruction (MOVSS,
// UCOMISS) while the upper halves of the YMM registers are dirty costs a
// merge with the upper state; two of them in the epilogue made the whole
// kernel about 25% slower on the Xeon this was tuned on (Intel 64 and
// IA-32 Architectures Optimization Reference Manual, "Mixing AVX Code
// with SSE Code"). VZEROUPPER before RET hands clean upper halves back to
// Go code, which uses SSE.

// STEP does step p of the sum at byte offsets aoff into the A sliver
// and boff into the B sliver (aoff = 24p, boff = 64p).
#define STEP(aoff, boff) \
	VMOVUPS      boff(BX), Y12 \
	VMOVUPS      boff+32(BX), Y13 \
	VBROADCASTSS aoff(AX), Y14 \
	VFMADD231PS  Y12, Y14, Y0 \
	VFMADD231PS  Y13, Y14, Y1 \
	VBROADCASTSS aoff+4(AX), Y15 \
	VFMADD231PS  Y12, Y15, Y2 \
	VFMADD231PS  Y13, Y15, Y3 \
	VBROADCASTSS aoff+8(AX), Y14 \
	VFMADD231PS  Y12, Y14, Y4 \
	VFMADD231PS  Y13, Y14, Y5 \
	VBROADCASTSS aoff+12(AX), Y15 \
	VFMADD231PS  Y12, Y15, Y6 \
	VFMADD231PS  Y13, Y15, Y7 \
	VBROADCASTSS aoff+16(AX), Y14 \
	VFMADD231PS  Y12, Y14, Y8 \
	VFMADD231PS  Y13, Y14, Y9 \
	VBROADCASTSS aoff+20(AX), Y15 \
	VFMADD231PS  Y12, Y15, Y10 \
	VFMADD231PS  Y13, Y15, Y11

// STORE0 writes row r of the tile (Y(lo), Y(hi)) to (DX), not reading C.
#define STORE0(lo, hi) \
	VMOVUPS lo, (DX) \
	VMOVUPS hi, 32(DX)

// STOREBETA writes row r of the tile plus beta·C (beta in Y15) to (DX).
#define STOREBETA(lo, hi) \
	VFMADD231PS (DX), Y15, lo \
	VFMADD231PS 32(DX), Y15, hi \
	VMOVUPS     lo, (DX) \
	VMOVUPS     hi, 32(DX)

// func kernelAsm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int)
TEXT ·kernelAsm(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+16(FP), AX
	MOVQ b+24(FP), BX
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), SI
	SHLQ $2, SI

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

	// Four steps at a time while at least four are left, then one.
	CMPQ CX, $4
	JLT  tail

	PCALIGN $32

loop4:
	STEP(0, 0)
	STEP(24, 64)
	STEP(48, 128)
	STEP(72, 192)
	ADDQ $96, AX
	ADDQ $256, BX
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  loop4

tail:
	TESTQ CX, CX
	JLE   scale

loop1:
	STEP(0, 0)
	ADDQ $24, AX
	ADDQ $64, BX
	DECQ CX
	JNZ  loop1

scale:
	// tile *= alpha
	VBROADCASTSS alpha+8(FP), Y14
	VMULPS       Y14, Y0, Y0
	VMULPS       Y14, Y1, Y1
	VMULPS       Y14, Y2, Y2
	VMULPS       Y14, Y3, Y3
	VMULPS       Y14, Y4, Y4
	VMULPS       Y14, Y5, Y5
	VMULPS       Y14, Y6, Y6
	VMULPS       Y14, Y7, Y7
	VMULPS       Y14, Y8, Y8
	VMULPS       Y14, Y9, Y9
	VMULPS       Y14, Y10, Y10
	VMULPS       Y14, Y11, Y11

	// beta == 0 (or -0) overwrites C without reading it. VUCOMISS sets
	// ZF for equal or unordered and PF for unordered (NaN), so beta == 0
	// exactly when ZF = 1 and PF = 0.
	VXORPS   X13, X13, X13
	VMOVSS   beta+32(FP), X15
	VUCOMISS X13, X15
	JNE      withbeta
	JPS      withbeta

	STORE0(Y0, Y1)
	ADDQ SI, DX
	STORE0(Y2, Y3)
	ADDQ SI, DX
	STORE0(Y4, Y5)
	ADDQ SI, DX
	STORE0(Y6, Y7)
	ADDQ SI, DX
	STORE0(Y8, Y9)
	ADDQ SI, DX
	STORE0(Y10, Y11)
	VZEROUPPER
	RET

withbeta:
	VBROADCASTSS beta+32(FP), Y15
	STOREBETA(Y0, Y1)
	ADDQ SI, DX
	STOREBETA(Y2, Y3)
	ADDQ SI, DX
	STOREBETA(Y4, Y5)
	ADDQ SI, DX
	STOREBETA(Y6, Y7)
	ADDQ SI, DX
	STOREBETA(Y8, Y9)
	ADDQ SI, DX
	STOREBETA(Y10, Y11)
	VZEROUPPER
	RET

// func copyRowsAsm(n int, src *float32, lds int, dst *float32, ldd int)
//
// Copies n rows of 16 floats from src, lds elements apart, to dst, ldd
// apart: two 32-byte loads and stores per row (packBRows).
TEXT ·copyRowsAsm(SB), NOSPLIT, $0-40
	MOVQ  n+0(FP), CX
	MOVQ  src+8(FP), SI
	MOVQ  lds+16(FP), DX
	MOVQ  dst+24(FP), DI
	MOVQ  ldd+32(FP), R10
	SHLQ  $2, DX
	SHLQ  $2, R10
	TESTQ CX, CX
	JLE   copydone

copyloop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	ADDQ    DX, SI
	ADDQ    R10, DI
	DECQ    CX
	JNZ     copyloop

copydone:
	VZEROUPPER
	RET

// TRANSPOSE8 transposes the 8×8 block of floats in Y0–Y7 (row i in Yi)
// into Y8–Y15 (column i in Y(8+i)), clobbering Y0–Y7:
//
//	t0..t7 = unpack low/high pairs of rows (0,1), (2,3), (4,5), (6,7):
//	         t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], …
//	s0..s7 = shuffle pairs of t into 4-row columns per 128-bit lane:
//	         s0 = r0[0] r1[0] r2[0] r3[0] | r0[4] r1[4] r2[4] r3[4], …
//	c0..c7 = join the lanes of s(i) and s(i+4): c0 = column 0, …
#define TRANSPOSE8 \
	VUNPCKLPS  Y1, Y0, Y8 \
	VUNPCKHPS  Y1, Y0, Y9 \
	VUNPCKLPS  Y3, Y2, Y10 \
	VUNPCKHPS  Y3, Y2, Y11 \
	VUNPCKLPS  Y5, Y4, Y12 \
	VUNPCKHPS  Y5, Y4, Y13 \
	VUNPCKLPS  Y7, Y6, Y14 \
	VUNPCKHPS  Y7, Y6, Y15 \
	VSHUFPS    $0x44, Y10, Y8, Y0 \
	VSHUFPS    $0xEE, Y10, Y8, Y1 \
	VSHUFPS    $0x44, Y11, Y9, Y2 \
	VSHUFPS    $0xEE, Y11, Y9, Y3 \
	VSHUFPS    $0x44, Y14, Y12, Y4 \
	VSHUFPS    $0xEE, Y14, Y12, Y5 \
	VSHUFPS    $0x44, Y15, Y13, Y6 \
	VSHUFPS    $0xEE, Y15, Y13, Y7 \
	VPERM2F128 $0x20, Y4, Y0, Y8 \
	VPERM2F128 $0x20, Y5, Y1, Y9 \
	VPERM2F128 $0x20, Y6, Y2, Y10 \
	VPERM2F128 $0x20, Y7, Y3, Y11 \
	VPERM2F128 $0x31, Y4, Y0, Y12 \
	VPERM2F128 $0x31, Y5, Y1, Y13 \
	VPERM2F128 $0x31, Y6, Y2, Y14 \
	VPERM2F128 $0x31, Y7, Y3, Y15

// LOAD8 loads 8 floats from each of 8 rows: rows 0–3 at (r), (r)(R8*1),
// (r)(R8*2), (r)(R9*1) and rows 4–7 likewise from r4 (R8 = row stride
// in bytes, R9 = 3·R8).
#define LOAD8(r, r4) \
	VMOVUPS (r), Y0 \
	VMOVUPS (r)(R8*1), Y1 \
	VMOVUPS (r)(R8*2), Y2 \
	VMOVUPS (r)(R9*1), Y3 \
	VMOVUPS (r4), Y4 \
	VMOVUPS (r4)(R8*1), Y5 \
	VMOVUPS (r4)(R8*2), Y6 \
	VMOVUPS (r4)(R9*1), Y7

// STORE8 stores the columns in Y8–Y15 as 8 rows of the packed sliver,
// R10 bytes apart (R11 = 3·R10, R12 = DI + 4·R10), at byte offset off in
// each.
#define STORE8(off) \
	VMOVUPS Y8, off(DI) \
	VMOVUPS Y9, off(DI)(R10*1) \
	VMOVUPS Y10, off(DI)(R10*2) \
	VMOVUPS Y11, off(DI)(R11*1) \
	VMOVUPS Y12, off(R12) \
	VMOVUPS Y13, off(R12)(R10*1) \
	VMOVUPS Y14, off(R12)(R10*2) \
	VMOVUPS Y15, off(R12)(R11*1)

// func transRowsAsm(n int, src *float32, lds int, dst *float32, ldd int)
//
// Packs 16 rows of n floats from src (lds elements apart; n a multiple
// of 8) into dst as n rows of 16, ldd elements apart: dst[p*ldd+j] =
// src[j*lds+p]. Each step transposes two 8×8 blocks (rows 0–7 and 8–15,
// columns p…p+7).
TEXT ·transRowsAsm(SB), NOSPLIT, $0-40
	MOVQ  n+0(FP), CX
	MOVQ  src+8(FP), SI
	MOVQ  lds+16(FP), R8
	MOVQ  dst+24(FP), DI
	MOVQ  ldd+32(FP), R10
	SHLQ  $2, R8
	SHLQ  $2, R10
	LEAQ  (R8)(R8*2), R9   // 3 rows
	LEAQ  (R10)(R10*2), R11 // 3 rows of dst
	LEAQ  (SI)(R8*4), BX   // row 4
	LEAQ  (BX)(R8*4), DX   // row 8
	LEAQ  (DX)(R8*4), AX   // row 12
	TESTQ CX, CX
	JLE   transdone

transloop:
	LEAQ (DI)(R10*4), R12 // dst row 4
	LOAD8(SI, BX)
	TRANSPOSE8
	STORE8(0)
	LOAD8(DX, AX)
	TRANSPOSE8
	STORE8(32)
	ADDQ $32, SI
	ADDQ $32, BX
	ADDQ $32, DX
	ADDQ $32, AX
	LEAQ (R12)(R10*4), DI // dst row 8
	SUBQ $8, CX
	JGT  transloop

transdone:
	VZEROUPPER
	RET

// func fmaPeakAsm(n int)
//
// n iterations of 12 independent VFMADD231PS with no loads (192 flops):
// the FMA ports' ceiling that BenchmarkKernel compares kernelAsm with.
TEXT ·fmaPeakAsm(SB), NOSPLIT, $0-8
	MOVQ   n+0(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	TESTQ  CX, CX
	JLE    peakdone

peakloop:
	VFMADD231PS Y12, Y13, Y0
	VFMADD231PS Y12, Y13, Y1
	VFMADD231PS Y12, Y13, Y2
	VFMADD231PS Y12, Y13, Y3
	VFMADD231PS Y12, Y13, Y4
	VFMADD231PS Y12, Y13, Y5
	VFMADD231PS Y12, Y13, Y6
	VFMADD231PS Y12, Y13, Y7
	VFMADD231PS Y12, Y13, Y8
	VFMADD231PS Y12, Y13, Y9
	VFMADD231PS Y12, Y13, Y10
	VFMADD231PS Y12, Y13, Y11
	DECQ        CX
	JNZ         peakloop

peakdone:
	VZEROUPPER
	RET
