//go:build !purego

#include "textflag.h"

// kernel512EpAsm is kernel512Asm (kernel512_amd64.s) with alpha = 1 and
// Packed.Mul's epilogue applied to the tile in registers before it is
// stored: C = acc + beta·C, then + bias[i] (if bias is not nil), + add
// (if add is not nil; row stride ldc, as C), then max(0, ·) if relu. The
// order and roundings are those of kernel512Asm followed by epilogueAsm,
// so the two paths give the same bits.
//
// Registers: as kernel512Asm (Z0–Z11 accumulators, Z12–Z15 B rows and A
// broadcasts in the loop; afterwards Z12–Z15 are scratch), plus
//	R8	c (DX walks the rows)	R9	bias or nil
//	R10	add or nil		R11	relu

#define STEP(aoff, boff) \
	VMOVUPS      boff(BX), Z12 \
	VMOVUPS      boff+64(BX), Z13 \
	VBROADCASTSS aoff(AX), Z14 \
	VFMADD231PS  Z12, Z14, Z0 \
	VFMADD231PS  Z13, Z14, Z1 \
	VBROADCASTSS aoff+4(AX), Z15 \
	VFMADD231PS  Z12, Z15, Z2 \
	VFMADD231PS  Z13, Z15, Z3 \
	VBROADCASTSS aoff+8(AX), Z14 \
	VFMADD231PS  Z12, Z14, Z4 \
	VFMADD231PS  Z13, Z14, Z5 \
	VBROADCASTSS aoff+12(AX), Z15 \
	VFMADD231PS  Z12, Z15, Z6 \
	VFMADD231PS  Z13, Z15, Z7 \
	VBROADCASTSS aoff+16(AX), Z14 \
	VFMADD231PS  Z12, Z14, Z8 \
	VFMADD231PS  Z13, Z14, Z9 \
	VBROADCASTSS aoff+20(AX), Z15 \
	VFMADD231PS  Z12, Z15, Z10 \
	VFMADD231PS  Z13, Z15, Z11

// + beta·C for one row (beta in Z15), DX to the next row.
#define BETAROW(lo, hi) \
	VFMADD231PS (DX), Z15, lo \
	VFMADD231PS 64(DX), Z15, hi \
	ADDQ        SI, DX

// + bias[i] for row i (byte offset boff into bias).
#define BIASROW(lo, hi, boff) \
	VBROADCASTSS boff(R9), Z14 \
	VADDPS       Z14, lo, lo \
	VADDPS       Z14, hi, hi

// + one row of add, R10 to the next row.
#define ADDROW(lo, hi) \
	VADDPS (R10), lo, lo \
	VADDPS 64(R10), hi, hi \
	ADDQ   SI, R10

// max(0, ·) with the accumulator as the second source: NaN stays NaN.
#define RELUROW(lo, hi) \
	VMAXPS lo, Z13, lo \
	VMAXPS hi, Z13, hi

#define STOREROW(lo, hi) \
	VMOVUPS lo, (DX) \
	VMOVUPS hi, 64(DX) \
	ADDQ    SI, DX

// func kernel512EpAsm(k int, a, b *float32, beta float32, c *float32, ldc int, bias, add *float32, relu bool)
TEXT ·kernel512EpAsm(SB), NOSPLIT, $0-65
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), AX
	MOVQ b+16(FP), BX
	MOVQ c+32(FP), R8
	MOVQ ldc+40(FP), SI
	SHLQ $2, SI
	MOVQ bias+48(FP), R9
	MOVQ add+56(FP), R10
	MOVBQZX relu+64(FP), R11

	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	VXORPS Z8, Z8, Z8
	VXORPS Z9, Z9, Z9
	VXORPS Z10, Z10, Z10
	VXORPS Z11, Z11, Z11

	CMPQ CX, $4
	JLT  tail

	PCALIGN $32

loop4:
	STEP(0, 0)
	STEP(24, 128)
	STEP(48, 256)
	STEP(72, 384)
	ADDQ $96, AX
	ADDQ $512, BX
	SUBQ $4, CX
	CMPQ CX, $4
	JGE  loop4

tail:
	TESTQ CX, CX
	JLE   beta

loop1:
	STEP(0, 0)
	ADDQ $24, AX
	ADDQ $128, BX
	DECQ CX
	JNZ  loop1

beta:
	// beta == 0 (or -0): C is not read (see kernel512Asm).
	VXORPS   X13, X13, X13
	VMOVSS   beta+24(FP), X15
	VUCOMISS X13, X15
	JNE      withbeta
	JPS      withbeta
	JMP      bias

withbeta:
	VBROADCASTSS beta+24(FP), Z15
	MOVQ         R8, DX
	BETAROW(Z0, Z1)
	BETAROW(Z2, Z3)
	BETAROW(Z4, Z5)
	BETAROW(Z6, Z7)
	BETAROW(Z8, Z9)
	BETAROW(Z10, Z11)

bias:
	TESTQ R9, R9
	JZ    addm
	BIASROW(Z0, Z1, 0)
	BIASROW(Z2, Z3, 4)
	BIASROW(Z4, Z5, 8)
	BIASROW(Z6, Z7, 12)
	BIASROW(Z8, Z9, 16)
	BIASROW(Z10, Z11, 20)

addm:
	TESTQ R10, R10
	JZ    relu
	ADDROW(Z0, Z1)
	ADDROW(Z2, Z3)
	ADDROW(Z4, Z5)
	ADDROW(Z6, Z7)
	ADDROW(Z8, Z9)
	ADDROW(Z10, Z11)

relu:
	TESTQ R11, R11
	JZ    store
	VPXORD Z13, Z13, Z13
	RELUROW(Z0, Z1)
	RELUROW(Z2, Z3)
	RELUROW(Z4, Z5)
	RELUROW(Z6, Z7)
	RELUROW(Z8, Z9)
	RELUROW(Z10, Z11)

store:
	MOVQ R8, DX
	STOREROW(Z0, Z1)
	STOREROW(Z2, Z3)
	STOREROW(Z4, Z5)
	STOREROW(Z6, Z7)
	STOREROW(Z8, Z9)
	STOREROW(Z10, Z11)
	VZEROUPPER
	RET
