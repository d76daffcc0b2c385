//go:build !purego

#include "textflag.h"

// AVX2+FMA loops over n floats, n a positive multiple of 8, one YMM
// register (8 floats) per step. Sums convert each half of a step to 4
// float64 (VCVTPS2PD) and keep two float64 accumulators. Every function
// ends with VZEROUPPER, leaving the upper halves clean for Go's SSE code.

// HSUM adds the 4 float64 of Y0 into the low lane of X0.
#define HSUM \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPD       X1, X0, X0 \
	VPERMILPD    $1, X0, X1 \
	VADDSD       X1, X0, X0

// LOAD2D loads the arguments of copy2DAsm and add2DAsm: DI dst, R8 ldd
// in bytes, SI src, R9 lds in bytes, DX rows, R10 whole vectors per row,
// BX tail floats, Y15 the tail's lane mask.
#define LOAD2D \
	MOVQ    dst+0(FP), DI \
	MOVQ    ldd+8(FP), R8 \
	SHLQ    $2, R8 \
	MOVQ    src+16(FP), SI \
	MOVQ    lds+24(FP), R9 \
	SHLQ    $2, R9 \
	MOVQ    rows+32(FP), DX \
	MOVQ    cols+40(FP), BX \
	MOVQ    mask+48(FP), AX \
	VMOVDQU (AX), Y15 \
	MOVQ    BX, R10 \
	SHRQ    $3, R10 \
	ANDQ    $7, BX

// func sum64Asm(x *float32, n int) float64
TEXT ·sum64Asm(SB), NOSPLIT, $0-24
	MOVQ   x+0(FP), SI
	MOVQ   n+8(FP), CX
	SHRQ   $3, CX
	VXORPD Y0, Y0, Y0
	VXORPD Y3, Y3, Y3

sumLoop:
	VCVTPS2PD (SI), Y1
	VCVTPS2PD 16(SI), Y2
	VADDPD    Y1, Y0, Y0
	VADDPD    Y2, Y3, Y3
	ADDQ      $32, SI
	DECQ      CX
	JNZ       sumLoop
	VADDPD    Y3, Y0, Y0
	HSUM
	VMOVSD    X0, ret+16(FP)
	VZEROUPPER
	RET

// func sqDev64Asm(x *float32, n int, mean float64) float64
TEXT ·sqDev64Asm(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), SI
	MOVQ         n+8(FP), CX
	SHRQ         $3, CX
	VBROADCASTSD mean+16(FP), Y7
	VXORPD       Y0, Y0, Y0
	VXORPD       Y3, Y3, Y3

sqLoop:
	VCVTPS2PD   (SI), Y1
	VCVTPS2PD   16(SI), Y2
	VSUBPD      Y7, Y1, Y1
	VSUBPD      Y7, Y2, Y2
	VFMADD231PD Y1, Y1, Y0
	VFMADD231PD Y2, Y2, Y3
	ADDQ        $32, SI
	DECQ        CX
	JNZ         sqLoop
	VADDPD      Y3, Y0, Y0
	HSUM
	VMOVSD      X0, ret+24(FP)
	VZEROUPPER
	RET

// func sumDot64Asm(a, b *float32, n int) (sa, sab float64)
TEXT ·sumDot64Asm(SB), NOSPLIT, $0-40
	MOVQ   a+0(FP), SI
	MOVQ   b+8(FP), DX
	MOVQ   n+16(FP), CX
	SHRQ   $3, CX
	VXORPD Y0, Y0, Y0
	VXORPD Y3, Y3, Y3
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9

dotLoop:
	VCVTPS2PD   (SI), Y1
	VCVTPS2PD   (DX), Y2
	VCVTPS2PD   16(SI), Y5
	VCVTPS2PD   16(DX), Y6
	VADDPD      Y1, Y0, Y0
	VFMADD231PD Y2, Y1, Y3
	VADDPD      Y5, Y8, Y8
	VFMADD231PD Y6, Y5, Y9
	ADDQ        $32, SI
	ADDQ        $32, DX
	DECQ        CX
	JNZ         dotLoop
	VADDPD      Y8, Y0, Y0
	VADDPD      Y9, Y3, Y3
	HSUM
	VMOVSD      X0, sa+24(FP)
	VMOVAPD     Y3, Y0
	HSUM
	VMOVSD      X0, sab+32(FP)
	VZEROUPPER
	RET

// func normAsm(dst, x *float32, n int, sub, mul, add float32, relu bool)
TEXT ·normAsm(SB), NOSPLIT, $0-37
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	SHRQ         $3, CX
	VBROADCASTSS sub+24(FP), Y5
	VBROADCASTSS mul+28(FP), Y6
	VBROADCASTSS add+32(FP), Y7
	VXORPS       Y4, Y4, Y4
	MOVBLZX      relu+36(FP), BX
	TESTQ        BX, BX
	JZ           normPlain

normReLU:
	VMOVUPS     (SI), Y0
	VSUBPS      Y5, Y0, Y0
	VFMADD213PS Y7, Y6, Y0
	VMAXPS      Y0, Y4, Y0 // max(0, y): a NaN in y (the second source) is kept
	VMOVUPS     Y0, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	DECQ        CX
	JNZ         normReLU
	VZEROUPPER
	RET

normPlain:
	VMOVUPS     (SI), Y0
	VSUBPS      Y5, Y0, Y0
	VFMADD213PS Y7, Y6, Y0
	VMOVUPS     Y0, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	DECQ        CX
	JNZ         normPlain
	VZEROUPPER
	RET

// func reluMaskAsm(dy, y *float32, n int)
TEXT ·reluMaskAsm(SB), NOSPLIT, $0-24
	MOVQ   dy+0(FP), DI
	MOVQ   y+8(FP), SI
	MOVQ   n+16(FP), CX
	SHRQ   $3, CX
	VXORPS Y4, Y4, Y4

maskLoop:
	VMOVUPS (SI), Y1
	VCMPPS  $2, Y4, Y1, Y2 // y <= 0 (ordered: false for NaN)
	VMOVUPS (DI), Y3
	VANDNPS Y3, Y2, Y3
	VMOVUPS Y3, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     maskLoop
	VZEROUPPER
	RET

// func maskSum64Asm(dst, src, y *float32, n int, relu bool) float64
TEXT ·maskSum64Asm(SB), NOSPLIT, $0-48
	MOVQ    dst+0(FP), DI
	MOVQ    src+8(FP), SI
	MOVQ    y+16(FP), DX
	MOVQ    n+24(FP), CX
	SHRQ    $3, CX
	MOVBLZX relu+32(FP), BX
	VXORPS  Y4, Y4, Y4
	VXORPD  Y0, Y0, Y0
	VXORPD  Y3, Y3, Y3

msLoop:
	VMOVUPS (SI), Y5
	TESTQ   BX, BX
	JZ      msStore
	VMOVUPS (DX), Y6
	VCMPPS  $2, Y4, Y6, Y7
	VANDNPS Y5, Y7, Y5
	ADDQ    $32, DX

msStore:
	VMOVUPS      Y5, (DI)
	VCVTPS2PD    X5, Y1
	VEXTRACTF128 $1, Y5, X2
	VCVTPS2PD    X2, Y2
	VADDPD       Y1, Y0, Y0
	VADDPD       Y2, Y3, Y3
	ADDQ         $32, SI
	ADDQ         $32, DI
	DECQ         CX
	JNZ          msLoop
	VADDPD       Y3, Y0, Y0
	HSUM
	VMOVSD       X0, ret+40(FP)
	VZEROUPPER
	RET

// func addAsm(dst, src *float32, n int)
TEXT ·addAsm(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX

addLoop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     addLoop
	VZEROUPPER
	RET

// func addScaledAsm(dst, s, b *float32, n int, scale float32, relu bool)
TEXT ·addScaledAsm(SB), NOSPLIT, $0-37
	MOVQ         dst+0(FP), DI
	MOVQ         s+8(FP), SI
	MOVQ         b+16(FP), DX
	MOVQ         n+24(FP), CX
	SHRQ         $3, CX
	VBROADCASTSS scale+32(FP), Y5
	MOVBLZX      relu+36(FP), BX
	VXORPS       Y4, Y4, Y4

asLoop:
	VMOVUPS     (SI), Y0
	VMOVUPS     (DX), Y1
	VFMADD231PS Y1, Y5, Y0
	TESTQ       BX, BX
	JZ          asStore
	VMAXPS      Y0, Y4, Y0

asStore:
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     asLoop
	VZEROUPPER
	RET

// func bnBackwardAsm(dx, dy, x *float32, n int, k, a, b, mu float32)
TEXT ·bnBackwardAsm(SB), NOSPLIT, $0-48
	MOVQ         dx+0(FP), DI
	MOVQ         dy+8(FP), SI
	MOVQ         x+16(FP), DX
	MOVQ         n+24(FP), CX
	SHRQ         $3, CX
	VBROADCASTSS k+32(FP), Y5
	VBROADCASTSS a+36(FP), Y6
	VBROADCASTSS b+40(FP), Y7
	VBROADCASTSS mu+44(FP), Y8

bnLoop:
	VMOVUPS     (SI), Y0
	VFMADD213PS Y6, Y5, Y0 // k·dy + a
	VMOVUPS     (DX), Y1
	VSUBPS      Y8, Y1, Y1 // x − mu, exact near mu
	VFMADD231PS Y1, Y7, Y0
	VMOVUPS     Y0, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DX
	ADDQ        $32, DI
	DECQ        CX
	JNZ         bnLoop
	VZEROUPPER
	RET

// func copy2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32)
//
// A row of at least 8 floats ends with one more vector over its last 8
// (rewriting up to 7 with the same values); a shorter row goes through
// VMASKMOVPS with the mask of its first cols%8 lanes in Y15 (masked
// stores are slow on AMD's cores, so only rows under 8 use them).
TEXT ·copy2DAsm(SB), NOSPLIT, $0-56
	LOAD2D

cpRow:
	MOVQ  DI, R11
	MOVQ  SI, R12
	MOVQ  R10, CX
	TESTQ CX, CX
	JZ    cpShort

cpVec:
	VMOVUPS (R12), Y0
	VMOVUPS Y0, (R11)
	ADDQ    $32, R11
	ADDQ    $32, R12
	DECQ    CX
	JNZ     cpVec
	TESTQ   BX, BX
	JZ      cpNext
	VMOVUPS -32(R12)(BX*4), Y0
	VMOVUPS Y0, -32(R11)(BX*4)
	JMP     cpNext

cpShort:
	VMASKMOVPS (R12), Y15, Y0
	VMASKMOVPS Y0, Y15, (R11)

cpNext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ DX
	JNZ  cpRow
	VZEROUPPER
	RET

// func add2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32)
//
// As copy2DAsm, but a row of at least 8 floats ends with its last 8:
// the source with the lanes already added zeroed (Y15 then masks the
// last cols%8 lanes), added to the destination as it now is.
TEXT ·add2DAsm(SB), NOSPLIT, $0-56
	LOAD2D

adRow:
	MOVQ  DI, R11
	MOVQ  SI, R12
	MOVQ  R10, CX
	TESTQ CX, CX
	JZ    adShort

adVec:
	VMOVUPS (R11), Y0
	VADDPS  (R12), Y0, Y0
	VMOVUPS Y0, (R11)
	ADDQ    $32, R11
	ADDQ    $32, R12
	DECQ    CX
	JNZ     adVec
	TESTQ   BX, BX
	JZ      adNext
	VMOVUPS -32(R12)(BX*4), Y1
	VANDPS  Y15, Y1, Y1
	VMOVUPS -32(R11)(BX*4), Y0
	VADDPS  Y1, Y0, Y0
	VMOVUPS Y0, -32(R11)(BX*4)
	JMP     adNext

adShort:
	VMASKMOVPS (R11), Y15, Y0
	VMASKMOVPS (R12), Y15, Y1
	VADDPS     Y1, Y0, Y0
	VMASKMOVPS Y0, Y15, (R11)

adNext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ DX
	JNZ  adRow
	VZEROUPPER
	RET

// func maxPool2x2Asm(y *float32, sw *int32, x *float32, w, n, base int, k *[24]int32)
//
// 8 outputs per step: the 16 floats of each input row are split into
// their even and odd columns (VSHUFPS, then VPERMPD to put the 64-bit
// pairs in order), and the four candidates are taken in order with
// masks m = (v > best) | (v is NaN) that blend both the maximum and its
// index.
//	DI y	R8 sw	SI row 2i	DX row 2i+1	CX steps
//	Y10 the indices of the even columns of row 2i (base + 2j)
//	Y13 1s	Y12 w	Y11 w+1	Y9 16s
TEXT ·maxPool2x2Asm(SB), NOSPLIT, $0-56
	MOVQ         y+0(FP), DI
	MOVQ         sw+8(FP), R8
	MOVQ         x+16(FP), SI
	MOVQ         w+24(FP), DX
	VPBROADCASTD w+24(FP), Y12
	SHLQ         $2, DX
	ADDQ         SI, DX
	MOVQ         n+32(FP), CX
	SHRQ         $3, CX
	MOVQ         k+48(FP), AX
	VPBROADCASTD base+40(FP), Y10
	VMOVDQU      (AX), Y14
	VPADDD       Y14, Y10, Y10
	VMOVDQU      32(AX), Y13
	VMOVDQU      64(AX), Y9
	VPADDD       Y13, Y12, Y11

poolLoop:
	// Row 2i: even columns (the first candidate) in Y2, odd in Y4.
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VSHUFPS $0x88, Y1, Y0, Y2
	VSHUFPS $0xDD, Y1, Y0, Y4
	VPERMPD $0xD8, Y2, Y2
	VPERMPD $0xD8, Y4, Y4
	VMOVDQA Y10, Y3

	// Candidate 2: row 2i, odd column, index + 1.
	VCMPPS    $0x1E, Y2, Y4, Y5 // v > best (ordered)
	VCMPPS    $3, Y4, Y4, Y6    // v is NaN
	VORPS     Y6, Y5, Y5
	VBLENDVPS Y5, Y4, Y2, Y2
	VPADDD    Y13, Y10, Y7
	VBLENDVPS Y5, Y7, Y3, Y3

	// Row 2i+1: even columns in Y4, odd in Y8.
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	VSHUFPS $0x88, Y1, Y0, Y4
	VSHUFPS $0xDD, Y1, Y0, Y8
	VPERMPD $0xD8, Y4, Y4
	VPERMPD $0xD8, Y8, Y8

	// Candidate 3: row 2i+1, even column, index + w.
	VCMPPS    $0x1E, Y2, Y4, Y5
	VCMPPS    $3, Y4, Y4, Y6
	VORPS     Y6, Y5, Y5
	VBLENDVPS Y5, Y4, Y2, Y2
	VPADDD    Y12, Y10, Y7
	VBLENDVPS Y5, Y7, Y3, Y3

	// Candidate 4: row 2i+1, odd column, index + w + 1.
	VCMPPS    $0x1E, Y2, Y8, Y5
	VCMPPS    $3, Y8, Y8, Y6
	VORPS     Y6, Y5, Y5
	VBLENDVPS Y5, Y8, Y2, Y2
	VPADDD    Y11, Y10, Y7
	VBLENDVPS Y5, Y7, Y3, Y3

	VMOVUPS Y2, (DI)
	VMOVDQU Y3, (R8)
	VPADDD  Y9, Y10, Y10
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $32, DI
	ADDQ    $32, R8
	DECQ    CX
	JNZ     poolLoop
	VZEROUPPER
	RET

// RED reduces the 8 floats of Y(i) into the float at off(R11).
#define RED(y, x, off) \
	VEXTRACTF128 $1, y, X12 \
	VADDPS       X12, x, x \
	VHADDPS      x, x, x \
	VHADDPS      x, x, x \
	VMOVSS       x, off(R11)

// func dot4x3Asm(a0, a1, a2, a3, b0, b1, b2 *float32, k int, out *[12]float32)
//
// Y0–Y11 accumulate a_r·b_s (Y(3r+s)); each step loads 8 floats of the
// three b rows (Y12–Y14) and of each a row in turn (Y15): 7 loads for 12
// FMAs. SI is the byte offset shared by all seven rows.
TEXT ·dot4x3Asm(SB), NOSPLIT, $0-72
	MOVQ   a0+0(FP), AX
	MOVQ   a1+8(FP), BX
	MOVQ   a2+16(FP), CX
	MOVQ   a3+24(FP), DX
	MOVQ   b0+32(FP), DI
	MOVQ   b1+40(FP), R8
	MOVQ   b2+48(FP), R9
	MOVQ   k+56(FP), R10
	SHLQ   $2, R10
	MOVQ   out+64(FP), R11
	XORQ   SI, SI
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

dotLoop4x3:
	VMOVUPS     (DI)(SI*1), Y12
	VMOVUPS     (R8)(SI*1), Y13
	VMOVUPS     (R9)(SI*1), Y14
	VMOVUPS     (AX)(SI*1), Y15
	VFMADD231PS Y12, Y15, Y0
	VFMADD231PS Y13, Y15, Y1
	VFMADD231PS Y14, Y15, Y2
	VMOVUPS     (BX)(SI*1), Y15
	VFMADD231PS Y12, Y15, Y3
	VFMADD231PS Y13, Y15, Y4
	VFMADD231PS Y14, Y15, Y5
	VMOVUPS     (CX)(SI*1), Y15
	VFMADD231PS Y12, Y15, Y6
	VFMADD231PS Y13, Y15, Y7
	VFMADD231PS Y14, Y15, Y8
	VMOVUPS     (DX)(SI*1), Y15
	VFMADD231PS Y12, Y15, Y9
	VFMADD231PS Y13, Y15, Y10
	VFMADD231PS Y14, Y15, Y11
	ADDQ        $32, SI
	CMPQ        SI, R10
	JB          dotLoop4x3

	RED(Y0, X0, 0)
	RED(Y1, X1, 4)
	RED(Y2, X2, 8)
	RED(Y3, X3, 12)
	RED(Y4, X4, 16)
	RED(Y5, X5, 20)
	RED(Y6, X6, 24)
	RED(Y7, X7, 28)
	RED(Y8, X8, 32)
	RED(Y9, X9, 36)
	RED(Y10, X10, 40)
	RED(Y11, X11, 44)
	VZEROUPPER
	RET

// func sgdAsm(w, grad, b *float32, n int, lr, mu, wd float32)
TEXT ·sgdAsm(SB), NOSPLIT, $0-44
	MOVQ         w+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         b+16(FP), DX
	MOVQ         n+24(FP), CX
	SHRQ         $3, CX
	VBROADCASTSS lr+32(FP), Y5
	VBROADCASTSS mu+36(FP), Y6
	VBROADCASTSS wd+40(FP), Y7

sgdLoop:
	VMOVUPS (DI), Y0
	VMULPS  Y0, Y7, Y3  // wd·w
	VADDPS  (SI), Y3, Y3 // d = g + wd·w
	VMOVUPS (DX), Y2
	VMULPS  Y2, Y6, Y2  // mu·b
	VADDPS  Y3, Y2, Y2  // b = mu·b + d
	VMOVUPS Y2, (DX)
	VMULPS  Y2, Y5, Y4  // lr·b
	VSUBPS  Y4, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	DECQ    CX
	JNZ     sgdLoop
	VZEROUPPER
	RET
