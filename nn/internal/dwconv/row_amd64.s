//go:build !purego

#include "textflag.h"

// The depthwise 3×3 row kernels (see dwconv.go): for j < n·W,
//
//	y[j] = k[9] + Σ_{u,v<3} k[3u+v] · src[u·r + taps[v] + j]
//
// then max(·, 0) if relu, W = 16 floats per ZMM step (row512Asm) or 8 per
// YMM step (row256Asm).
//
// Registers:
//	0–8 (Z or Y)	the nine weights, broadcast; 9 the bias; 10 zero
//	11, 12, 13	the partial sums of input rows 0, 1 and 2 (three
//			independent chains of three multiply-adds)
//	SI, R8, R9	&src[j], &src[r+j], &src[2r+j]	DI	&y[j]
//	R10–R12		taps[0..2] in bytes		DX	r in bytes
//	CX	steps left	BX	relu
// Each step does 9 loads folded into 3 multiplies and 6 FMAs, 3 adds,
// and one store. Only registers 0–13 are used, so VZEROUPPER before RET
// leaves every upper half clean for Go's SSE code.

// func row512Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool)
TEXT ·row512Asm(SB), NOSPLIT, $0-49
	MOVQ y+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ taps+16(FP), AX
	MOVQ 0(AX), R10
	MOVQ 8(AX), R11
	MOVQ 16(AX), R12
	SHLQ $2, R10
	SHLQ $2, R11
	SHLQ $2, R12
	MOVQ r+24(FP), DX
	SHLQ $2, DX
	LEAQ (SI)(DX*1), R8
	LEAQ (R8)(DX*1), R9
	MOVQ k+32(FP), AX
	VBROADCASTSS 0(AX), Z0
	VBROADCASTSS 4(AX), Z1
	VBROADCASTSS 8(AX), Z2
	VBROADCASTSS 12(AX), Z3
	VBROADCASTSS 16(AX), Z4
	VBROADCASTSS 20(AX), Z5
	VBROADCASTSS 24(AX), Z6
	VBROADCASTSS 28(AX), Z7
	VBROADCASTSS 32(AX), Z8
	VBROADCASTSS 36(AX), Z9
	VPXORD Z10, Z10, Z10
	MOVQ n+40(FP), CX
	MOVBQZX relu+48(FP), BX
	TESTQ CX, CX
	JZ   done

loop:
	VMULPS      (SI)(R10*1), Z0, Z11
	VMULPS      (R8)(R10*1), Z3, Z12
	VMULPS      (R9)(R10*1), Z6, Z13
	VFMADD231PS (SI)(R11*1), Z1, Z11
	VFMADD231PS (R8)(R11*1), Z4, Z12
	VFMADD231PS (R9)(R11*1), Z7, Z13
	VFMADD231PS (SI)(R12*1), Z2, Z11
	VFMADD231PS (R8)(R12*1), Z5, Z12
	VFMADD231PS (R9)(R12*1), Z8, Z13
	VADDPS      Z9, Z11, Z11
	VADDPS      Z12, Z13, Z12
	VADDPS      Z12, Z11, Z11
	TESTQ       BX, BX
	JZ          store16
	// max(acc, 0) with acc as the second source: a NaN stays NaN.
	VMAXPS      Z11, Z10, Z11

store16:
	VMOVUPS Z11, (DI)
	ADDQ    $64, SI
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func row256Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool)
TEXT ·row256Asm(SB), NOSPLIT, $0-49
	MOVQ y+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ taps+16(FP), AX
	MOVQ 0(AX), R10
	MOVQ 8(AX), R11
	MOVQ 16(AX), R12
	SHLQ $2, R10
	SHLQ $2, R11
	SHLQ $2, R12
	MOVQ r+24(FP), DX
	SHLQ $2, DX
	LEAQ (SI)(DX*1), R8
	LEAQ (R8)(DX*1), R9
	MOVQ k+32(FP), AX
	VBROADCASTSS 0(AX), Y0
	VBROADCASTSS 4(AX), Y1
	VBROADCASTSS 8(AX), Y2
	VBROADCASTSS 12(AX), Y3
	VBROADCASTSS 16(AX), Y4
	VBROADCASTSS 20(AX), Y5
	VBROADCASTSS 24(AX), Y6
	VBROADCASTSS 28(AX), Y7
	VBROADCASTSS 32(AX), Y8
	VBROADCASTSS 36(AX), Y9
	VXORPS Y10, Y10, Y10
	MOVQ n+40(FP), CX
	MOVBQZX relu+48(FP), BX
	TESTQ CX, CX
	JZ   done

loop:
	VMULPS      (SI)(R10*1), Y0, Y11
	VMULPS      (R8)(R10*1), Y3, Y12
	VMULPS      (R9)(R10*1), Y6, Y13
	VFMADD231PS (SI)(R11*1), Y1, Y11
	VFMADD231PS (R8)(R11*1), Y4, Y12
	VFMADD231PS (R9)(R11*1), Y7, Y13
	VFMADD231PS (SI)(R12*1), Y2, Y11
	VFMADD231PS (R8)(R12*1), Y5, Y12
	VFMADD231PS (R9)(R12*1), Y8, Y13
	VADDPS      Y9, Y11, Y11
	VADDPS      Y12, Y13, Y12
	VADDPS      Y12, Y11, Y11
	TESTQ       BX, BX
	JZ          store8
	// max(acc, 0) with acc as the second source: a NaN stays NaN.
	VMAXPS      Y11, Y10, Y11

store8:
	VMOVUPS Y11, (DI)
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// Indices for VPERMT2PS: the even and the odd floats of two ZMM registers
// (index bit 4 picks the second register).
DATA evenIdx<>+0(SB)/4, $0
DATA evenIdx<>+4(SB)/4, $2
DATA evenIdx<>+8(SB)/4, $4
DATA evenIdx<>+12(SB)/4, $6
DATA evenIdx<>+16(SB)/4, $8
DATA evenIdx<>+20(SB)/4, $10
DATA evenIdx<>+24(SB)/4, $12
DATA evenIdx<>+28(SB)/4, $14
DATA evenIdx<>+32(SB)/4, $16
DATA evenIdx<>+36(SB)/4, $18
DATA evenIdx<>+40(SB)/4, $20
DATA evenIdx<>+44(SB)/4, $22
DATA evenIdx<>+48(SB)/4, $24
DATA evenIdx<>+52(SB)/4, $26
DATA evenIdx<>+56(SB)/4, $28
DATA evenIdx<>+60(SB)/4, $30
GLOBL evenIdx<>(SB), RODATA|NOPTR, $64

DATA oddIdx<>+0(SB)/4, $1
DATA oddIdx<>+4(SB)/4, $3
DATA oddIdx<>+8(SB)/4, $5
DATA oddIdx<>+12(SB)/4, $7
DATA oddIdx<>+16(SB)/4, $9
DATA oddIdx<>+20(SB)/4, $11
DATA oddIdx<>+24(SB)/4, $13
DATA oddIdx<>+28(SB)/4, $15
DATA oddIdx<>+32(SB)/4, $17
DATA oddIdx<>+36(SB)/4, $19
DATA oddIdx<>+40(SB)/4, $21
DATA oddIdx<>+44(SB)/4, $23
DATA oddIdx<>+48(SB)/4, $25
DATA oddIdx<>+52(SB)/4, $27
DATA oddIdx<>+56(SB)/4, $29
DATA oddIdx<>+60(SB)/4, $31
GLOBL oddIdx<>(SB), RODATA|NOPTR, $64

// func deint512Asm(ev, od, src *float32, n int)
//
// For m < 16·n: od[m] = src[2m], ev[m] = src[2m+1] (32 floats of src per
// step, split by two VPERMT2PS).
TEXT ·deint512Asm(SB), NOSPLIT, $0-32
	MOVQ    ev+0(FP), DI
	MOVQ    od+8(FP), DX
	MOVQ    src+16(FP), SI
	MOVQ    n+24(FP), CX
	TESTQ   CX, CX
	JZ      dedone
	VMOVDQU32 evenIdx<>(SB), Z4
	VMOVDQU32 oddIdx<>(SB), Z5

deloop:
	VMOVUPS   (SI), Z0
	VMOVUPS   64(SI), Z1
	VMOVAPS   Z0, Z2
	VPERMT2PS Z1, Z4, Z2
	VPERMT2PS Z1, Z5, Z0
	VMOVUPS   Z2, (DX)
	VMOVUPS   Z0, (DI)
	ADDQ      $128, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	DECQ      CX
	JNZ       deloop

dedone:
	VZEROUPPER
	RET
