//go:build !purego

package gemm

import "golang.org/x/sys/cpu"

// cpuAVX2 and cpuAVX512 report what the CPU and OS support, from
// golang.org/x/sys/cpu (which also checks, through XGETBV, that the OS
// saves the YMM and ZMM registers across context switches):
//
//   - the AVX2 kernel and the packing helpers need AVX2 and FMA;
//   - the AVX-512 kernel needs AVX-512F, and uses the AVX2 packing
//     helpers beside it.
var (
	cpuAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	cpuAVX512 = cpuAVX2 && cpu.X86.HasAVX512F
)

// haveBuild reports that this build has the assembly kernels.
const haveBuild = true

// kernelAsm is kernel for a 6×16 tile in AVX2+FMA assembly
// (kernel_amd64.s), with kernel's contract; kernel has checked the
// lengths. a, b and c point at the first elements of the packed A
// sliver, the packed B sliver and the C tile (they need no alignment);
// ldc is in elements.
//
//go:noescape
func kernelAsm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int)

// kernel512Asm is kernel for a 6×32 tile in AVX-512F assembly
// (kernel512_amd64.s), with kernel's contract, like kernelAsm.
//
//go:noescape
func kernel512Asm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int)

// copyRowsAsm copies n rows of 16 floats from src, lds elements apart, to
// dst, ldd apart, with AVX loads and stores: packBRows's inner loop,
// twice as fast as the Go loop when B streams from L3 (Go copies each row
// through a stack temporary in 16-byte pieces). The caller has checked
// that src holds (n-1)*lds+16 elements and dst (n-1)*ldd+16.
//
//go:noescape
func copyRowsAsm(n int, src *float32, lds int, dst *float32, ldd int)

// transRowsAsm packs 16 rows of n floats from src, lds elements apart,
// into dst as n rows of 16, ldd elements apart: dst[p*ldd+j] =
// src[j*lds+p], by 8×8 AVX transposes; n must be a multiple of 8. It is
// packB's inner loop with transB. The caller has checked that src holds
// 15*lds+n elements and dst (n-1)*ldd+16.
//
//go:noescape
func transRowsAsm(n int, src *float32, lds int, dst *float32, ldd int)

// fmaPeakAsm runs n steps of 12 independent VFMADD231PS on YMM registers
// (192 flops each): the ceiling BenchmarkKernel reports beside kernelAsm.
func fmaPeakAsm(n int)

// fmaPeak512Asm is fmaPeakAsm on ZMM registers (384 flops a step).
func fmaPeak512Asm(n int)

// epilogueAsm is epilogueGo on an h×w tile with w a multiple of 8, in
// AVX assembly (epilogue_amd64.s); bias and add may be nil. The caller
// has checked the lengths.
//
//go:noescape
func epilogueAsm(h, w int, c *float32, ldc int, bias, add *float32, relu bool)

// kernel512EpAsm is kernel512Asm with alpha = 1 followed by
// epilogueAsm's epilogue on the 6×32 tile, applied in registers before
// the store (kernel512ep_amd64.s): Packed.Mul's last k-panel on full
// tiles. bias (6 floats) and add (a 6×32 tile, row stride ldc) may be
// nil. The caller has checked the lengths.
//
//go:noescape
func kernel512EpAsm(k int, a, b *float32, beta float32, c *float32, ldc int, bias, add *float32, relu bool)

// packA6Asm packs an A sliver of 6 rows (lda elements apart) and n
// columns, n a positive multiple of 8, into dst as n columns of 6:
// dst[p*6+i] = src[i*lda+p], 8 columns at a time by an 8×8 AVX transpose
// (packa_amd64.s). It is packA's loop without transA, which as Go's
// scalar transposing loop was 14% of Sgemm's time at 1024³, and 10% as
// AVX2 gathers (profiles of BenchmarkSgemm/1024/avx512, 3 Dec 2026). The
// caller has checked that src holds 5*lda+n elements and dst 6n.
//
//go:noescape
func packA6Asm(n int, src *float32, lda int, dst *float32)
