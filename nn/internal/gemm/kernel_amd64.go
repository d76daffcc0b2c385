//go:build !purego

package gemm

// haveAsm reports whether kernelAsm can run: the CPU has AVX2 and FMA and
// the OS saves the YMM registers across context switches.
var haveAsm = hasAVX2FMA()

const asmName = "avx2"

// kernelAsm is kernel for a 6×16 tile in AVX2+FMA assembly
// (kernel_amd64.s), with kernel's contract; kernel has checked the
// lengths. a, b and c point at the first elements of the packed A
// sliver, the packed B sliver and the C tile (they need no alignment);
// ldc is in elements.
//
//go:noescape
func kernelAsm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int)

// copyRowsAsm copies n rows of nr (16) floats from src, lds elements
// apart, to dst, nr apart, with AVX loads and stores: packBRows's inner
// loop, twice as fast as the Go loop when B streams from L3 (Go copies
// each row through a stack temporary in 16-byte pieces). The caller has
// checked that src holds (n-1)*lds+nr elements and dst n*nr.
//
//go:noescape
func copyRowsAsm(n int, src *float32, lds int, dst *float32)

// transRowsAsm packs 16 (nr) rows of n floats from src, lds elements
// apart, into dst as n rows of 16: dst[p*16+j] = src[j*lds+p], by 8×8
// AVX transposes; n must be a multiple of 8. It is packB's inner loop
// with transB. The caller has checked that src holds 15*lds+n elements
// and dst n*16.
//
//go:noescape
func transRowsAsm(n int, src *float32, lds int, dst *float32)

// fmaPeakAsm runs n steps of 12 independent VFMADD231PS on registers
// (192 flops each): the ceiling BenchmarkKernel reports beside kernelAsm.
func fmaPeakAsm(n int)

// cpuid executes CPUID with EAX = eaxArg and ECX = ecxArg.
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

// xgetbv returns the XCR0 register (the register state the OS saves)
// as EDX:EAX.
func xgetbv() (eax, edx uint32)

// hasAVX2FMA follows the Intel SDM, vol. 1, ch. 14 ("Detection of Intel
// AVX Instructions", "Detection of FMA"), as golang.org/x/sys/cpu does:
// CPUID.1:ECX must report OSXSAVE (bit 27), AVX (bit 28) and FMA
// (bit 12), XCR0 must enable the XMM and YMM state (bits 1 and 2), and
// CPUID.(EAX=7,ECX=0):EBX must report AVX2 (bit 5).
func hasAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2 = 1 << 5
	return ebx7&avx2 != 0
}
