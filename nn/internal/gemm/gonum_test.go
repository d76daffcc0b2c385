package gemm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// gonumGemm is Sgemm's signature over gonum's blas32.Gemm (pure Go,
// gonum.org/v1/gonum v0.17.0): a second oracle, written by other people,
// and the row a Go user would reach for in the benchmarks.
func gonumGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	tA, tB := blas.NoTrans, blas.NoTrans
	ar, ac, br, bc := m, k, k, n
	if transA {
		tA, ar, ac = blas.Trans, k, m
	}
	if transB {
		tB, br, bc = blas.Trans, n, k
	}
	blas32.Gemm(tA, tB, alpha,
		blas32.General{Rows: ar, Cols: ac, Stride: lda, Data: a},
		blas32.General{Rows: br, Cols: bc, Stride: ldb, Data: b},
		beta, blas32.General{Rows: m, Cols: n, Stride: ldc, Data: c})
}

// TestSgemmGonum compares every kernel's Sgemm with gonum's blas32.Gemm on
// awkward shapes (primes around the tile and blocking sizes, thin and
// wide products, padded strides, alpha and beta not 0 or 1), with the
// same tolerance as the reference tests: both sum k float32 products, so
// they differ by at most about 2·k·eps32·Σ|a||b| (+ the beta·C term).
func TestSgemmGonum(t *testing.T) { forEachKernel(t, testSgemmGonum) }

func testSgemmGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	shapes := [][3]int{{1, 1, 1}, {5, 33, 7}, {7, 31, 257}, {13, 65, 300}, {37, 129, 513}, {149, 47, 61}, {6, 784, 25}, {16, 100, 150}, {64, 1025, 9}}
	for _, tr := range transCombos {
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			ar, ac, br, bc := m, k, k, n
			if tr[0] {
				ar, ac = k, m
			}
			if tr[1] {
				br, bc = n, k
			}
			a := newMatrix(rng, ar, ac, 3, float32(math.NaN()))
			b := newMatrix(rng, br, bc, 1, float32(math.NaN()))
			c := newMatrix(rng, m, n, 2, padVal)
			got, want := c.clone(), c.clone()
			const alpha, beta = 0.75, -1.25
			Sgemm(tr[0], tr[1], m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, got.data, got.ld)
			gonumGemm(tr[0], tr[1], m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, want.data, want.ld)
			aa, ab := a.abs(), b.abs()
			mag := newMatrix(rng, m, n, 2, 0)
			SgemmRef(tr[0], tr[1], m, n, k, 1, aa.data, aa.ld, ab.data, ab.ld, 0, mag.data, mag.ld)
			bad := 0
			for i := range m {
				for j := range n {
					idx := i*c.ld + j
					tol := 2 * float64(k+3) * eps32 * (alpha*float64(mag.data[idx]) + math.Abs(beta*float64(c.data[idx])))
					if d := math.Abs(float64(got.data[idx]) - float64(want.data[idx])); !(d <= tol) {
						if bad < 3 {
							t.Errorf("tA=%v tB=%v %d×%d×%d: C[%d][%d] = %g, gonum %g (tol %g)", tr[0], tr[1], m, n, k, i, j, got.data[idx], want.data[idx], tol)
						}
						bad++
					}
				}
			}
		}
	}
}
