package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// eps32 is the float32 machine epsilon, 2⁻²³.
const eps32 = 1.0 / (1 << 23)

// padVal marks the padding columns of C (between n and ldc); Sgemm must
// leave them alone. A's and B's padding is NaN, so reading it shows up as
// NaN in the result.
const padVal = 12345

// matrix is a rows×cols row-major matrix stored with row stride ld.
type matrix struct {
	rows, cols, ld int
	data           []float32
}

// tail is the number of extra elements after the last row of each test
// matrix, set to the padding value like the gaps between rows.
const tail = 3

// newMatrix returns a rows×cols matrix with row stride max(1, cols)+pad,
// its elements uniform in [-1, 1) and its padding (including tail
// elements after the last row) set to padding.
func newMatrix(rng *rand.Rand, rows, cols, pad int, padding float32) matrix {
	ld := max(1, cols) + pad
	n := need(rows, cols, ld)
	x := matrix{rows, cols, ld, make([]float32, n+tail)}
	for i := range x.data {
		if i < n && i%ld < cols {
			x.data[i] = 2*rng.Float32() - 1
		} else {
			x.data[i] = padding
		}
	}
	return x
}

func (x matrix) abs() matrix {
	y := x
	y.data = make([]float32, len(x.data))
	for i, v := range x.data {
		y.data[i] = float32(math.Abs(float64(v)))
	}
	return y
}

func (x matrix) clone() matrix {
	y := x
	y.data = append([]float32(nil), x.data...)
	return y
}

func fill(x []float32, v float32) {
	for i := range x {
		x[i] = v
	}
}

type gemmCase struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	padA, padB     int
	padC           int
	nanC           bool // fill C with NaN (only meaningful with beta == 0)
	nanAB          bool // fill A and B with NaN (only meaningful with alpha == 0)
}

func (tc gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%g beta=%g pads=%d,%d,%d nanC=%v nanAB=%v",
		tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC, tc.nanC, tc.nanAB)
}

// runCase compares Sgemm against SgemmRef on tc and reports mismatches.
func runCase(t *testing.T, rng *rand.Rand, tc gemmCase) {
	t.Helper()
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = tc.k, tc.m
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = tc.n, tc.k
	}
	a := newMatrix(rng, ar, ac, tc.padA, float32(math.NaN()))
	b := newMatrix(rng, br, bc, tc.padB, float32(math.NaN()))
	c0 := newMatrix(rng, tc.m, tc.n, tc.padC, padVal)
	if tc.nanAB {
		fill(a.data, float32(math.NaN()))
		fill(b.data, float32(math.NaN()))
	}
	if tc.nanC {
		for i := range c0.data[:need(c0.rows, c0.cols, c0.ld)] {
			if i%c0.ld < c0.cols {
				c0.data[i] = float32(math.NaN())
			}
		}
	}

	got, want := c0.clone(), c0.clone()
	Sgemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, a.data, a.ld, b.data, b.ld, tc.beta, got.data, got.ld)
	SgemmRef(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, a.data, a.ld, b.data, b.ld, tc.beta, want.data, want.ld)

	// mag[i][j] = Σ_p |op(A)[i][p]|·|op(B)[p][j]|, for the error bound.
	var mag matrix
	if !tc.nanAB {
		mag = newMatrix(rng, tc.m, tc.n, tc.padC, 0)
		aa, ab := a.abs(), b.abs()
		SgemmRef(tc.transA, tc.transB, tc.m, tc.n, tc.k, 1, aa.data, aa.ld, ab.data, ab.ld, 0, mag.data, mag.ld)
	}

	for i := need(tc.m, tc.n, got.ld); i < len(got.data); i++ {
		if got.data[i] != padVal {
			t.Errorf("%v: wrote past the end of C: c[%d] = %g", tc, i, got.data[i])
			return
		}
	}
	bad := 0
	for i := 0; i < tc.m; i++ {
		cols := got.ld // check the padding too, except after the last row
		if i == tc.m-1 {
			cols = tc.n
		}
		for j := 0; j < cols; j++ {
			idx := i*got.ld + j
			g, w := got.data[idx], want.data[idx]
			if j >= tc.n {
				if g != padVal {
					t.Errorf("%v: C padding [%d][%d] changed to %g", tc, i, j, g)
					return
				}
				continue
			}
			// Tolerance: summing k products in float32 (any order) is
			// within γ_k·Σ|a||b| of the exact result (Higham, Accuracy and
			// Stability, §3.1), γ_k ≈ k·u with u = eps32/2. Scaling by
			// alpha, the beta·C product and the final add add three more
			// roundings, so we allow
			//     (k+3)·eps32·(|alpha|·Σ_p|a_ip||b_pj| + |beta|·|c_ij|),
			// i.e. twice the worst-case bound, relative to k·eps·|a||b|.
			// The float64 reference is exact to within its final rounding.
			var tol float64
			if !tc.nanAB {
				tol = float64(tc.k+3) * eps32 * math.Abs(float64(tc.alpha)) * float64(mag.data[idx])
			}
			if tc.beta != 0 {
				tol += float64(tc.k+3) * eps32 * math.Abs(float64(tc.beta)*float64(c0.data[idx]))
			}
			diff := math.Abs(float64(g) - float64(w))
			if math.IsNaN(float64(g)) || math.IsNaN(float64(w)) || diff > tol {
				if bad < 5 {
					t.Errorf("%v: C[%d][%d] = %g, want %g (|diff| %g > tol %g)", tc, i, j, g, w, diff, tol)
				}
				bad++
			}
		}
	}
	if bad > 5 {
		t.Errorf("%v: %d mismatches in total", tc, bad)
	}
}

var transCombos = [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}}

// TestSgemmSizes covers all trans combinations over odd sizes, including
// more than one kc panel (k > kc), more than one mc block (m > mc), and
// both parallel split directions. TestSgemmEdgeTiles covers every edge
// tile shape.
func TestSgemmSizes(t *testing.T) { forEachKernel(t, testSgemmSizes) }

func testSgemmSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	small := []int{1, 2, 3, 5, 7, 17}
	var shapes [][3]int
	for _, m := range small {
		for _, n := range small {
			for _, k := range small {
				shapes = append(shapes, [3]int{m, n, k})
			}
		}
	}
	shapes = append(shapes,
		[3]int{63, 65, 129},
		[3]int{65, 63, 257},        // two kc panels
		[3]int{mc + 1, 17, 129},    // two mc blocks
		[3]int{257, 3, 3000},       // parallel split over m with a ragged strip
		[3]int{17, 257, 600},       // parallel split over n
		[3]int{1, 257, 513},        // a row vector times a matrix, three kc panels
		[3]int{257, 1, 63},         // a matrix times a column vector
		[3]int{6 * mr, 4 * nr, 64}, // exact multiples of the tile
		[3]int{131, 129, 263},
	)
	for _, tr := range transCombos {
		for _, s := range shapes {
			runCase(t, rng, gemmCase{transA: tr[0], transB: tr[1], m: s[0], n: s[1], k: s[2], alpha: 1, beta: 0})
		}
	}
}

// splitDir mirrors sgemm's choice for an m×n×k product on 2 or more
// workers: "n" or "m" for the dimension split into at least two strips,
// "" if it runs serially.
func splitDir(m, n, k int) string {
	if 2*float64(m)*float64(n)*float64(k) < 2*minChunkFlops {
		return ""
	}
	tilesM, tilesN := ceilDiv(m, mr), ceilDiv(n, nr)
	if tilesN >= tilesM {
		if tilesN >= 2*max(1, int(minChunkFlops/(2*float64(m)*float64(k)*float64(nr)))) {
			return "n"
		}
		return ""
	}
	if tilesM >= 2*max(1, int(minChunkFlops/(2*float64(n)*float64(k)*float64(mr)))) {
		return "m"
	}
	return ""
}

// TestSgemmSplitShapes checks that the shapes the other tests use for the
// parallel path still take it, should minChunkFlops or the tile change.
func TestSgemmSplitShapes(t *testing.T) {
	for _, c := range []struct {
		m, n, k int
		want    string
	}{
		{257, 3, 3000, "m"}, // TestSgemmSizes
		{17, 257, 600, "n"},
		{131, 129, 263, "m"},
		{67, 129, 300, "m"}, // TestSgemmWorkers
		{201, 9, 1500, "m"},
	} {
		if got := splitDir(c.m, c.n, c.k); got != c.want {
			t.Errorf("%d×%d×%d: got split %q, want %q", c.m, c.n, c.k, got, c.want)
		}
	}
}

// TestSgemmEdgeTiles covers every shape of ragged edge tile (h×w for
// h = 1…mr, w = 1…nr) beside full tiles, at a depth that takes the
// kernel's unrolled loop and its remainder (k = 7), for all trans
// combinations.
func TestSgemmEdgeTiles(t *testing.T) { forEachKernel(t, testSgemmEdgeTiles) }

func testSgemmEdgeTiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, tr := range transCombos {
		for m := 1; m <= 2*mr+1; m++ {
			for n := 1; n <= 2*nr+1; n++ {
				runCase(t, rng, gemmCase{transA: tr[0], transB: tr[1], m: m, n: n, k: 7, alpha: 1.5, beta: -0.5, padA: 1, padB: 2, padC: 1})
			}
		}
	}
}

// TestSgemmWideN exercises more than one nc panel of B.
func TestSgemmWideN(t *testing.T) { forEachKernel(t, testSgemmWideN) }

func testSgemmWideN(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tr := range transCombos {
		runCase(t, rng, gemmCase{transA: tr[0], transB: tr[1], m: 5, n: nc + 37, k: 9, alpha: 0.5, beta: -1, padA: 1, padB: 2, padC: 3})
	}
}

// TestSgemmAlphaBetaStrides varies alpha, beta and the leading dimensions.
func TestSgemmAlphaBetaStrides(t *testing.T) { forEachKernel(t, testSgemmAlphaBetaStrides) }

func testSgemmAlphaBetaStrides(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphas := []float32{1, -1, 0.5, 2.5}
	betas := []float32{0, 1, -1.5, 0.25}
	shapes := [][3]int{{1, 1, 1}, {3, 7, 5}, {17, 9, 33}, {65, 66, 67}}
	for _, tr := range transCombos {
		for _, s := range shapes {
			for _, alpha := range alphas {
				for _, beta := range betas {
					runCase(t, rng, gemmCase{
						transA: tr[0], transB: tr[1], m: s[0], n: s[1], k: s[2],
						alpha: alpha, beta: beta,
						padA: rng.IntN(5), padB: rng.IntN(5), padC: 1 + rng.IntN(5),
					})
				}
			}
		}
	}
}

// TestSgemmBetaZeroNaN checks that beta == 0 overwrites C even when it
// holds NaN, and that alpha == 0 (or k == 0) does not read A and B.
func TestSgemmBetaZeroNaN(t *testing.T) { forEachKernel(t, testSgemmBetaZeroNaN) }

func testSgemmBetaZeroNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	shapes := [][3]int{{1, 1, 1}, {2, 4, 3}, {7, 3, 5}, {63, 65, 17}, {130, 70, 300}}
	for _, tr := range transCombos {
		for _, s := range shapes {
			base := gemmCase{transA: tr[0], transB: tr[1], m: s[0], n: s[1], k: s[2], padC: 2}
			tc := base
			tc.alpha, tc.beta, tc.nanC = 1.5, 0, true
			runCase(t, rng, tc)
			tc = base
			tc.alpha, tc.beta, tc.nanC, tc.nanAB = 0, 0, true, true
			runCase(t, rng, tc)
			tc = base
			tc.alpha, tc.beta, tc.nanAB = 0, -2, true
			runCase(t, rng, tc)
			tc = base
			tc.k, tc.alpha, tc.beta = 0, 1, 0.5
			runCase(t, rng, tc)
		}
	}
}

// TestSgemmWorkers runs cases that take the parallel path under different
// worker counts, including an odd one that gives uneven strips.
func TestSgemmWorkers(t *testing.T) { forEachKernel(t, testSgemmWorkers) }

func testSgemmWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, procs := range []int{1, 3, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, tr := range transCombos {
			runCase(t, rng, gemmCase{transA: tr[0], transB: tr[1], m: 67, n: 129, k: 300, alpha: 1, beta: 0.5, padA: 1, padC: 1})
			runCase(t, rng, gemmCase{transA: tr[0], transB: tr[1], m: 201, n: 9, k: 1500, alpha: -1, beta: 0, padB: 3})
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestSgemmEmpty checks that zero-sized products do not touch C or panic.
func TestSgemmEmpty(t *testing.T) { forEachKernel(t, testSgemmEmpty) }

func testSgemmEmpty(t *testing.T) {
	c := []float32{7}
	Sgemm(false, false, 0, 1, 3, 1, nil, 3, make([]float32, 3), 1, 0, nil, 1)
	Sgemm(false, false, 1, 0, 3, 1, make([]float32, 3), 3, nil, 1, 0, c, 1)
	if c[0] != 7 {
		t.Errorf("n == 0 changed C to %g", c[0])
	}
	Sgemm(true, true, 1, 1, 0, 1, nil, 1, nil, 1, 2, c, 1)
	if c[0] != 14 {
		t.Errorf("k == 0, beta == 2: C = %g, want 14", c[0])
	}
}

func TestSgemmPanics(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	cases := []struct {
		want string
		f    func()
	}{
		{errNegM, func() { Sgemm(false, false, -1, 1, 1, 1, s(1), 1, s(1), 1, 0, s(1), 1) }},
		{errNegN, func() { Sgemm(false, false, 1, -1, 1, 1, s(1), 1, s(1), 1, 0, s(1), 1) }},
		{errNegK, func() { Sgemm(false, false, 1, 1, -1, 1, s(1), 1, s(1), 1, 0, s(1), 1) }},
		{errLdA, func() { Sgemm(false, false, 2, 2, 3, 1, s(6), 2, s(6), 2, 0, s(4), 2) }},
		{errLdAT, func() { Sgemm(true, false, 3, 2, 2, 1, s(6), 2, s(4), 2, 0, s(6), 2) }},
		{errLdB, func() { Sgemm(false, false, 2, 3, 2, 1, s(4), 2, s(6), 2, 0, s(6), 3) }},
		{errLdBT, func() { Sgemm(false, true, 2, 2, 3, 1, s(6), 3, s(6), 2, 0, s(4), 2) }},
		{errLdC, func() { Sgemm(false, false, 2, 3, 2, 1, s(4), 2, s(6), 3, 0, s(6), 2) }},
		{errLdA, func() { Sgemm(false, false, 1, 1, 0, 1, nil, 0, nil, 1, 0, s(1), 1) }},
		{errShortA, func() { Sgemm(false, false, 2, 2, 2, 1, s(3), 2, s(4), 2, 0, s(4), 2) }},
		{errShortB, func() { Sgemm(false, true, 2, 2, 2, 1, s(4), 2, s(3), 2, 0, s(4), 2) }},
		{errShortC, func() { Sgemm(false, false, 2, 2, 2, 1, s(4), 2, s(4), 2, 0, s(4), 3) }},
		{errShortA, func() { Sgemm(true, false, 2, 2, 2, 0, s(4), 3, s(4), 2, 1, s(4), 2) }},
		{errKernel, func() { kernel(2, 1, s(2*mr-1), s(2*nr), 0, s(mr*nr), nr) }},
		{errKernel, func() { kernel(1, 1, s(mr), s(nr), 0, s(mr*nr-1), nr) }},
	}
	for i, tc := range cases {
		func() {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if msg != tc.want {
					t.Errorf("case %d: panic %v, want %q", i, r, tc.want)
				}
				if r != nil && !strings.HasPrefix(msg, "gemm: ") {
					t.Errorf("case %d: panic %q lacks the gemm: prefix", i, msg)
				}
			}()
			tc.f()
		}()
	}
}
