//go:build !purego

#include "textflag.h"

// func packA6Asm(n int, src *float32, dst *float32, idx *[48]int32)
//
//	CX	steps of 8 columns	SI	&src[p]	DI	&dst[6p]
//	Y8–Y13	the six gathers' lane offsets (idx)
//	Y15	all ones: the gathers' lane mask, which each gather clears
TEXT ·packA6Asm(SB), NOSPLIT, $0-32
	MOVQ    n+0(FP), CX
	SHRQ    $3, CX
	MOVQ    src+8(FP), SI
	MOVQ    dst+16(FP), DI
	MOVQ    idx+24(FP), AX
	VMOVDQU (AX), Y8
	VMOVDQU 32(AX), Y9
	VMOVDQU 64(AX), Y10
	VMOVDQU 96(AX), Y11
	VMOVDQU 128(AX), Y12
	VMOVDQU 160(AX), Y13

packLoop:
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y8*4), Y0
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y9*4), Y1
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y10*4), Y2
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y11*4), Y3
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y12*4), Y4
	VPCMPEQD   Y15, Y15, Y15
	VGATHERDPS Y15, (SI)(Y13*4), Y5
	VMOVUPS    Y0, (DI)
	VMOVUPS    Y1, 32(DI)
	VMOVUPS    Y2, 64(DI)
	VMOVUPS    Y3, 96(DI)
	VMOVUPS    Y4, 128(DI)
	VMOVUPS    Y5, 160(DI)
	ADDQ       $32, SI
	ADDQ       $192, DI
	DECQ       CX
	JNZ        packLoop
	VZEROUPPER
	RET
