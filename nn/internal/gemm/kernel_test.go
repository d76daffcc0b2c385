package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernel compares kernel with kernelRef (its doc comment as code) on
// packed slivers of several depths, strides and scalings.
func TestKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, k := range []int{0, 1, 2, 3, 4, 17, 256, 300} {
		for _, ldc := range []int{nr, nr + 3} {
			for _, ab := range [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {3, 0}} {
				alpha, beta := ab[0], ab[1]
				a := make([]float32, k*mr)
				b := make([]float32, k*nr)
				for i := range a {
					a[i] = 2*rng.Float32() - 1
				}
				for i := range b {
					b[i] = 2*rng.Float32() - 1
				}
				c := make([]float32, (mr-1)*ldc+nr)
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
						// Both sum in the same order, so they agree exactly
						// unless the compiler fuses multiply-adds
						// (GOAMD64=v3); allow (k+3)·eps32 relative to the
						// magnitudes, as in gemm_test.go.
						var mag float64
						for p := 0; p < k; p++ {
							mag += math.Abs(float64(a[p*mr+i]) * float64(b[p*nr+j]))
						}
						tol := float64(k+3) * eps32 * (math.Abs(float64(alpha))*mag + math.Abs(float64(beta)*float64(c[i*ldc+j])))
						if math.IsNaN(float64(g)) || math.Abs(float64(g)-float64(w)) > tol {
							t.Errorf("k=%d ldc=%d alpha=%g beta=%g: c[%d][%d] = %g, want %g", k, ldc, alpha, beta, i, j, g, w)
						}
					}
				}
			}
		}
	}
}
