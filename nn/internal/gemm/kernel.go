package gemm

import "unsafe"

// Tile shape of the micro-kernel: each call computes an mr×nr tile of C.
// kernel and dot2x4 are written for exactly this shape.
const (
	mr = 2
	nr = 4
)

// Cache blocking, in elements. A packed kc×nr sliver of B stays in L1
// while the packed mc×kc block of A (≈ kc·mc·4 bytes) streams from L2;
// the packed kc×nc panel of B lives in L2/L3. mc must be a multiple of
// mr and nc a multiple of nr.
const (
	kc = 256
	mc = 128
	nc = 2048
)

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
// This is the function an assembly implementation replaces; see doc.go.
func kernel(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int) {
	if k < 0 || len(a) < k*mr || len(b) < k*nr || ldc < nr || len(c) < (mr-1)*ldc+nr {
		panic(errKernel)
	}
	c00, c01, c02, c03, c10, c11, c12, c13 := dot2x4(k, a, b)
	r0 := (*[nr]float32)(c[0:nr])
	r1 := (*[nr]float32)(c[ldc : ldc+nr])
	if beta == 0 {
		r0[0], r0[1], r0[2], r0[3] = alpha*c00, alpha*c01, alpha*c02, alpha*c03
		r1[0], r1[1], r1[2], r1[3] = alpha*c10, alpha*c11, alpha*c12, alpha*c13
		return
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

// dot2x4 returns the 2×4 tile of sums Σ_p a[p*2+i]·b[p*4+j], summed in
// order of increasing p. The caller has checked len(a) >= 2*k and
// len(b) >= 4*k.
//
// It is a separate, non-inlined function so that alpha and beta are not
// live across the loop: the 8 accumulators, 4 values of b, one of a and
// a product then fit in the 15 usable X registers without spilling. With
// GOAMD64=v3 the compiler fuses each multiply-add into a VFMADD231SS.
//
//go:noinline
func dot2x4(k int, a, b []float32) (c00, c01, c02, c03, c10, c11, c12, c13 float32) {
	if k <= 0 {
		return
	}
	// Step pointers through the packed slivers. last is the final step
	// (never one past the end, which unsafe.Pointer rules forbid), so the
	// loop is a do-while; this shape also lets the compiler interleave
	// the multiplies and adds instead of spilling products.
	pa := unsafe.Pointer(unsafe.SliceData(a))
	pb := unsafe.Pointer(unsafe.SliceData(b))
	last := unsafe.Add(pa, (k-1)*mr*4)
	for {
		av := (*[mr]float32)(pa)
		bv := (*[nr]float32)(pb)
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
