package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernel compares kernel with kernelRef (its doc comment as code) on
// packed slivers of several depths (around the assembly kernel's 4-step
// unrolling), strides, scalings and alignments, with each micro-kernel.
func TestKernel(t *testing.T) { forEachKernel(t, testKernel) }

func testKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, k := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 256, 300} {
		for _, ldc := range []int{nr, nr + 3} {
			// off shifts a, b and c by off elements from the start of
			// their arrays, so loads and stores are unaligned.
			for _, off := range []int{0, 1} {
				// beta = -0 counts as zero (C not read); beta = NaN does
				// not (C becomes NaN, as in the reference BLAS).
				for _, ab := range [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {3, 0}, {1, float32(math.Copysign(0, -1))}, {1, float32(math.NaN())}} {
					checkKernel(t, rng, k, ldc, off, ab[0], ab[1])
				}
			}
		}
	}
}

func checkKernel(t *testing.T, rng *rand.Rand, k, ldc, off int, alpha, beta float32) {
	t.Helper()
	a := make([]float32, off+k*mr)[off:]
	b := make([]float32, off+k*nr)[off:]
	for i := range a {
		a[i] = 2*rng.Float32() - 1
	}
	for i := range b {
		b[i] = 2*rng.Float32() - 1
	}
	c := make([]float32, off+(mr-1)*ldc+nr)[off:]
	for i := range c {
		c[i] = 2*rng.Float32() - 1
		if beta == 0 || i%ldc >= nr {
			c[i] = float32(math.NaN()) // must be overwritten (or untouched)
		}
	}
	got := append([]float32(nil), c...)
	want := append([]float32(nil), c...)
	kernel(k, alpha, a, b, beta, got, ldc)
	kernelRef(k, alpha, a, b, beta, want, ldc)
	for i := 0; i < mr; i++ {
		cols := ldc // check the padding too, except after the last row
		if i == mr-1 {
			cols = nr
		}
		for j := 0; j < cols; j++ {
			g, w := got[i*ldc+j], want[i*ldc+j]
			if j >= nr {
				if !math.IsNaN(float64(g)) {
					t.Fatalf("k=%d ldc=%d: padding c[%d][%d] written", k, ldc, i, j)
				}
				continue
			}
			if math.IsNaN(float64(w)) {
				if !math.IsNaN(float64(g)) {
					t.Errorf("k=%d ldc=%d off=%d alpha=%g beta=%g: got c[%d][%d] = %g, want NaN", k, ldc, off, alpha, beta, i, j, g)
				}
				continue
			}
			// kernelRef sums in order with separate roundings; the
			// kernels may fuse multiply-adds (VFMADD231PS, or
			// VFMADD231SS with GOAMD64=v3) and scale differently, so
			// allow (k+3)·eps32 relative to the magnitudes, as in
			// gemm_test.go.
			var mag float64
			for p := 0; p < k; p++ {
				mag += math.Abs(float64(a[p*mr+i]) * float64(b[p*nr+j]))
			}
			tol := float64(k+3) * eps32 * (math.Abs(float64(alpha))*mag + math.Abs(float64(beta)*float64(c[i*ldc+j])))
			if math.IsNaN(float64(g)) || math.Abs(float64(g)-float64(w)) > tol {
				t.Errorf("k=%d ldc=%d off=%d alpha=%g beta=%g: got c[%d][%d] = %g, want %g (tol %g)", k, ldc, off, alpha, beta, i, j, g, w, tol)
			}
		}
	}
}
