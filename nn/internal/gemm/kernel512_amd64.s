//go:build !purego

#include "textflag.h"

// The AVX-512F micro-kernel: one 6×32 tile of C (tiles[kAVX512] in
// kernel.go). It is kernel_amd64.s's AVX2 kernel with ZMM registers of 16
// floats instead of YMM of 8: the same 12 accumulators, loads and
// broadcasts, each doing twice the work.
//
// Registers:
//	Z0–Z11	accumulators: row i of the tile is Z(2i) (columns 0–15) and
//		Z(2i+1) (columns 16–31)
//	Z12, Z13	row p of the packed B sliver, b[p*32 : p*32+32]
//	Z14, Z15	a[p*6+i] broadcast to 16 lanes (two, alternating)
//	AX	&a[p*6]		BX	&b[p*32]
//	CX	steps left	DX	&c[i*ldc]	SI	ldc in bytes
//
// Each step p does 2 loads, 6 broadcasts and 12 FMAs (384 flops). Only
// Z0–Z15 are used, so VZEROUPPER before RET leaves every upper half
// clean for Go's SSE code.

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

#define STORE0(lo, hi) \
	VMOVUPS lo, (DX) \
	VMOVUPS hi, 64(DX)

// beta in Z15
#define STOREBETA(lo, hi) \
	VFMADD231PS (DX), Z15, lo \
	VFMADD231PS 64(DX), Z15, hi \
	VMOVUPS     lo, (DX) \
	VMOVUPS     hi, 64(DX)

// func kernel512Asm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int)
TEXT ·kernel512Asm(SB), NOSPLIT, $0-56
	MOVQ k+0(FP), CX
	MOVQ a+16(FP), AX
	MOVQ b+24(FP), BX
	MOVQ c+40(FP), DX
	MOVQ ldc+48(FP), SI
	SHLQ $2, SI

	// Fetch the C tile (6 rows of two cache lines) into L1 while the
	// loop runs: at 1024³ C is 4 MiB, read and written once per k-panel
	// from L3, and the 12 loads after the loop waited for it (+8% at
	// 1024³ on one core, BenchmarkSgemm/1024/avx512 -cpu 1, 3 Dec 2026).
	MOVQ       DX, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)
	ADDQ       SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)
	ADDQ       SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)
	ADDQ       SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)
	ADDQ       SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)
	ADDQ       SI, R8
	PREFETCHT0 (R8)
	PREFETCHT0 64(R8)

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
	JLE   scale

loop1:
	STEP(0, 0)
	ADDQ $24, AX
	ADDQ $128, BX
	DECQ CX
	JNZ  loop1

scale:
	VBROADCASTSS alpha+8(FP), Z14
	VMULPS       Z14, Z0, Z0
	VMULPS       Z14, Z1, Z1
	VMULPS       Z14, Z2, Z2
	VMULPS       Z14, Z3, Z3
	VMULPS       Z14, Z4, Z4
	VMULPS       Z14, Z5, Z5
	VMULPS       Z14, Z6, Z6
	VMULPS       Z14, Z7, Z7
	VMULPS       Z14, Z8, Z8
	VMULPS       Z14, Z9, Z9
	VMULPS       Z14, Z10, Z10
	VMULPS       Z14, Z11, Z11

	// beta == 0 (or -0) overwrites C without reading it (see the AVX2
	// kernel: ZF = 1 and PF = 0 exactly when beta == 0).
	VXORPS   X13, X13, X13
	VMOVSS   beta+32(FP), X15
	VUCOMISS X13, X15
	JNE      withbeta
	JPS      withbeta

	STORE0(Z0, Z1)
	ADDQ SI, DX
	STORE0(Z2, Z3)
	ADDQ SI, DX
	STORE0(Z4, Z5)
	ADDQ SI, DX
	STORE0(Z6, Z7)
	ADDQ SI, DX
	STORE0(Z8, Z9)
	ADDQ SI, DX
	STORE0(Z10, Z11)
	VZEROUPPER
	RET

withbeta:
	VBROADCASTSS beta+32(FP), Z15
	STOREBETA(Z0, Z1)
	ADDQ SI, DX
	STOREBETA(Z2, Z3)
	ADDQ SI, DX
	STOREBETA(Z4, Z5)
	ADDQ SI, DX
	STOREBETA(Z6, Z7)
	ADDQ SI, DX
	STOREBETA(Z8, Z9)
	ADDQ SI, DX
	STOREBETA(Z10, Z11)
	VZEROUPPER
	RET

// func fmaPeak512Asm(n int)
//
// n iterations of 12 independent VFMADD231PS on ZMM registers with no
// loads (384 flops): the ceiling BenchmarkKernel compares kernel512Asm
// with.
TEXT ·fmaPeak512Asm(SB), NOSPLIT, $0-8
	MOVQ   n+0(FP), CX
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
	VXORPS Z12, Z12, Z12
	VXORPS Z13, Z13, Z13
	TESTQ  CX, CX
	JLE    peakdone

peakloop:
	VFMADD231PS Z12, Z13, Z0
	VFMADD231PS Z12, Z13, Z1
	VFMADD231PS Z12, Z13, Z2
	VFMADD231PS Z12, Z13, Z3
	VFMADD231PS Z12, Z13, Z4
	VFMADD231PS Z12, Z13, Z5
	VFMADD231PS Z12, Z13, Z6
	VFMADD231PS Z12, Z13, Z7
	VFMADD231PS Z12, Z13, Z8
	VFMADD231PS Z12, Z13, Z9
	VFMADD231PS Z12, Z13, Z10
	VFMADD231PS Z12, Z13, Z11
	DECQ        CX
	JNZ         peakloop

peakdone:
	VZEROUPPER
	RET
