package gemm

import "unsafe"

// Tile shape and cache blocking of the micro-kernel in use, in elements:
// each kernel call computes an mr×nr tile of C from a packed mr×kc sliver
// of A and a kc×nr sliver of B. They are variables because each kernel
// has its own (see tiles); use sets them, and they must not change while
// a Sgemm call runs.
var mr, nr, kc, mc, nc int

// maxMR and maxNR bound the tile of every kernel (macroEp's scratch tile).
const (
	maxMR = 6
	maxNR = 32
)

// Kernels, by the index into tiles and kernelNames.
const (
	kGeneric = iota
	kAVX2
	kAVX512
	numKernels
)

var kernelNames = [numKernels]string{"generic", "avx2", "avx512"}

// tile is one kernel's tile shape and cache blocking.
type tile struct{ mr, nr, kc, mc, nc int }

// tiles gives each kernel's shape. kernelGeneric works for any mr
// divisible by 2 and nr divisible by 4; the packing helpers need nr to be
// a multiple of 16, mc a multiple of mr and nc of nr (TestTiles).
//
//   - AVX2, 6×16: 6 rows × 2 YMM registers of 8 floats hold the 12
//     accumulators, leaving 4 of the 16 YMM registers for two 8-wide loads
//     of B and the broadcasts of A (kernel_amd64.s). A packed kc×nr sliver
//     of B (16 KiB) stays in L1 (48 KiB on the Xeon this was tuned on)
//     while the packed mc×kc block of A (144 KiB) streams from L2; the
//     packed kc×nc panel of B (1 MiB) also fits in its 2 MiB L2 (nc = 2048
//     measured no faster, and a little slower on products with small m).
//     The generic kernel uses the same blocking.
//   - AVX-512, 6×32: the same register layout with ZMM registers of 16
//     floats (12 accumulators, 2 loads of B, 2 broadcasts), so each step
//     of k does twice the work for the same instruction count. Its B
//     sliver is 32 KiB, within the 48 KiB L1d of AMD's Zen 5 (the EPYC
//     "Turin" this was written on: /proc/cpuinfo says CPU family 26; the
//     VM does not expose its caches), and the B panel is halved to
//     512 KiB because Zen 5 has 1 MiB of L2 per core, not 2.
var tiles = [numKernels]tile{
	kGeneric: {mr: 6, nr: 16, kc: 256, mc: 144, nc: 1024},
	kAVX2:    {mr: 6, nr: 16, kc: 256, mc: 144, nc: 1024},
	kAVX512:  {mr: 6, nr: 32, kc: 256, mc: 144, nc: 512},
}

// kern is the micro-kernel Sgemm uses (see select.go). Tests and
// benchmarks change it with use to run every path in one process; it
// must not change while a Sgemm call runs.
var kern int

// use selects kernel k and its tile shape.
func use(k int) {
	kern = k
	t := tiles[k]
	mr, nr, kc, mc, nc = t.mr, t.nr, t.kc, t.mc, t.nc
}

// useAsm reports whether the selected kernel is an assembly one, which
// also enables the AVX2 packing helpers (copyRowsAsm, transRowsAsm).
func useAsm() bool { return kern != kGeneric }

// KernelName reports which micro-kernel Sgemm uses: "avx512", "avx2" or
// "generic".
func KernelName() string { return kernelNames[kern] }

const errKernel = "gemm: kernel: short operand"

// kernel computes one mr×nr tile of C from a packed mr×k sliver of op(A)
// and a packed k×nr sliver of op(B) (k is at most the blocking constant
// kc). It is, up to the order and fusing of floating-point operations,
//
//	for i := 0; i < mr; i++ {
//		for j := 0; j < nr; j++ {
//			var s float32
//			for p := 0; p < k; p++ {
//				s += a[p*mr+i] * b[p*nr+j]
//			}
//			if beta == 0 {
//				c[i*ldc+j] = alpha * s
//			} else {
//				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//			}
//		}
//	}
//
// When beta == 0, C is not read (so NaN or Inf in C do not propagate).
// It requires k >= 0, len(a) >= k*mr, len(b) >= k*nr, ldc >= nr and
// len(c) >= (mr-1)*ldc+nr, and panics otherwise.
//
// It dispatches to kernel512Asm, kernelAsm or kernelGeneric (see kern);
// all have exactly this contract, and kernelRef in ref.go is the loop above as
// code.
func kernel(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int) {
	if k < 0 || len(a) < k*mr || len(b) < k*nr || ldc < nr || len(c) < (mr-1)*ldc+nr {
		panic(errKernel)
	}
	switch kern {
	case kAVX512:
		kernel512Asm(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), beta, unsafe.SliceData(c), ldc)
	case kAVX2:
		kernelAsm(k, alpha, unsafe.SliceData(a), unsafe.SliceData(b), beta, unsafe.SliceData(c), ldc)
	default:
		kernelGeneric(k, alpha, a, b, beta, c, ldc)
	}
}

// kernelGeneric is kernel in portable Go, for CPUs and architectures
// without an assembly kernel. It covers the mr×nr tile with 2×4 blocks,
// each summed by dot2x4 in a single pass over k; the caller has checked
// the lengths.
func kernelGeneric(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int) {
	for i := 0; i < mr; i += 2 {
		for j := 0; j < nr; j += 4 {
			c00, c01, c02, c03, c10, c11, c12, c13 := dot2x4(k, a, b, i, j)
			r0 := (*[4]float32)(c[i*ldc+j:])
			r1 := (*[4]float32)(c[(i+1)*ldc+j:])
			if beta == 0 {
				r0[0], r0[1], r0[2], r0[3] = alpha*c00, alpha*c01, alpha*c02, alpha*c03
				r1[0], r1[1], r1[2], r1[3] = alpha*c10, alpha*c11, alpha*c12, alpha*c13
				continue
			}
			r0[0] = alpha*c00 + beta*r0[0]
			r0[1] = alpha*c01 + beta*r0[1]
			r0[2] = alpha*c02 + beta*r0[2]
			r0[3] = alpha*c03 + beta*r0[3]
			r1[0] = alpha*c10 + beta*r1[0]
			r1[1] = alpha*c11 + beta*r1[1]
			r1[2] = alpha*c12 + beta*r1[2]
			r1[3] = alpha*c13 + beta*r1[3]
		}
	}
}

// dot2x4 returns the 2×4 block of sums Σ_p a[p*mr+i]·b[p*nr+j] for
// i = i0, i0+1 and j = j0…j0+3, summed in order of increasing p. The
// caller has checked that len(a) >= k*mr, len(b) >= k*nr, i0+2 <= mr
// and j0+4 <= nr.
//
// It is a separate, non-inlined function so that alpha and beta are not
// live across the loop: the 8 accumulators, 4 values of b, one of a and
// a product then fit in the 15 usable X registers without spilling. With
// GOAMD64=v3 the compiler fuses each multiply-add into a VFMADD231SS.
//
//go:noinline
func dot2x4(k int, a, b []float32, i0, j0 int) (c00, c01, c02, c03, c10, c11, c12, c13 float32) {
	if k <= 0 {
		return
	}
	// Step pointers through the packed slivers, because the compiler does
	// not remove the bounds checks of the slice-based loop (about 30%).
	// last is the final step (never one past the end, which
	// unsafe.Pointer rules forbid), so the loop is a do-while; this shape
	// also lets the compiler interleave the multiplies and adds instead
	// of spilling products.
	pa := unsafe.Add(unsafe.Pointer(unsafe.SliceData(a)), i0*4)
	pb := unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), j0*4)
	last := unsafe.Add(pa, (k-1)*mr*4)
	for {
		av := (*[2]float32)(pa)
		bv := (*[4]float32)(pb)
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		a0 := av[0]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		a1 := av[1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		if pa == last {
			return
		}
		pa = unsafe.Add(pa, mr*4)
		pb = unsafe.Add(pb, nr*4)
	}
}
