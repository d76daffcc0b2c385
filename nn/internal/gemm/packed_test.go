package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// productRef is op(A)·B in float64, m×n with row stride ldc.
func productRef(transA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, ldc int) []float64 {
	c := make([]float64, (m-1)*ldc+n)
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				var av float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				s += float64(av) * float64(b[p*ldb+j])
			}
			c[i*ldc+j] = s
		}
	}
	return c
}

// epilogueRef is Packed.Mul's epilogue on a float64 product.
func epilogueRef(prod []float64, m, n, ldc int, ep Epilogue) []float32 {
	c := make([]float32, len(prod))
	for i := range m {
		for j := range n {
			s := prod[i*ldc+j]
			if ep.Bias != nil {
				s += float64(ep.Bias[i])
			}
			if ep.Add != nil {
				s += float64(ep.Add[i*ldc+j])
			}
			if ep.ReLU {
				s = max(s, 0)
			}
			c[i*ldc+j] = float32(s)
		}
	}
	return c
}

func mulRef(transA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, ldc int, ep Epilogue) []float32 {
	return epilogueRef(productRef(transA, m, n, k, a, lda, b, ldb, ldc), m, n, ldc, ep)
}

func randSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// TestPackedMul compares Packed.Mul with mulRef on every kernel, on
// shapes with ragged tiles, several k-panels, several nc blocks and mc
// blocks, both splits over the cores, A stored both ways, with every
// part of the epilogue alone and together, within 1e-5 × Σ|terms| (the
// bound testSgemmSizes uses, from the k-term float32 sums).
func TestPackedMul(t *testing.T) { forEachKernel(t, testPackedMul) }

func testPackedMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	shapes := [][3]int{{1, 1, 1}, {7, 49, 64}, {64, 49, 576}, {150, 33, 300}, {13, 1100, 20}, {2048, 7, 40}, {6, 32, 256}, {200, 150, 300}, {40, 2000, 100}} // the last two split over the cores, by rows and by columns
	abs := func(x []float32) []float32 {
		y := make([]float32, len(x))
		for i, v := range x {
			y[i] = float32(math.Abs(float64(v)))
		}
		return y
	}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, transA := range []bool{false, true} {
			lda := k + 3
			rows := m
			if transA {
				lda, rows = m+2, k
			}
			a := randSlice(rng, rows*lda)
			ldb, ldc := n+1, n+5
			b := randSlice(rng, k*ldb)
			prod := productRef(transA, m, n, k, a, lda, b, ldb, ldc)
			bound := productRef(transA, m, n, k, abs(a), lda, abs(b), ldb, ldc)
			p := Pack(transA, m, k, a, lda)
			for _, variant := range []int{0, 1, 5, 6, 7} { // bit 0 bias, 1 add, 2 ReLU
				name := fmt.Sprintf("%dx%dx%d/transA=%v/ep=%d", m, n, k, transA, variant)
				var ep Epilogue
				if variant&1 != 0 {
					ep.Bias = randSlice(rng, m)
				}
				if variant&2 != 0 {
					ep.Add = randSlice(rng, (m-1)*ldc+n)
				}
				ep.ReLU = variant&4 != 0
				want := epilogueRef(prod, m, n, ldc, ep)
				for _, procs := range []int{1, 2} {
					old := runtime.GOMAXPROCS(procs)
					c := randSlice(rng, (m-1)*ldc+n) // overwritten
					p.Mul(n, b, ldb, c, ldc, ep)
					runtime.GOMAXPROCS(old)
					for i := range m {
						for j := range n {
							g, w := c[i*ldc+j], want[i*ldc+j]
							tol := 1e-5*bound[i*ldc+j] + 1e-6
							if d := math.Abs(float64(g) - float64(w)); !(d <= tol) {
								t.Fatalf("%s procs %d: C[%d][%d] = %g, want %g (|d| %g > %g)", name, procs, i, j, g, w, d, tol)
							}
						}
					}
				}
			}
		}
	}
}

// TestPackedOtherKernel: a Packed made for one kernel still multiplies
// correctly when another is in use (Mul falls back to Sgemm).
func TestPackedOtherKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	m, n, k := 20, 30, 40
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	ep := Epilogue{Bias: randSlice(rng, m), ReLU: true}
	want := mulRef(false, m, n, k, a, k, b, n, n, ep)
	var p *Packed
	withKernel(kGeneric, func() { p = Pack(false, m, k, a, k) })
	for _, kc := range kernelChoices {
		if !available(kc.k) {
			continue
		}
		withKernel(kc.k, func() {
			c := make([]float32, m*n)
			p.Mul(n, b, n, c, n, ep)
			for i := range c {
				if d := math.Abs(float64(c[i] - want[i])); d > 1e-4 {
					t.Fatalf("%s: C[%d] = %g, want %g", kc.name, i, c[i], want[i])
				}
			}
		})
	}
}

// TestKernelEpBits: the AVX-512 kernel with the epilogue in registers
// (kernelEp) gives the same bits as the kernel followed by the epilogue
// pass (epilogueAsm), so that which one runs does not show in any digit.
func TestKernelEpBits(t *testing.T) {
	if !available(kAVX512) {
		t.Skip("no AVX-512 kernel on this CPU or build")
	}
	rng := rand.New(rand.NewPCG(25, 26))
	m, n, k := 30, 70, 600 // three k-panels: beta = 1 on the last
	a, b := randSlice(rng, m*k), randSlice(rng, k*n)
	ep := Epilogue{Bias: randSlice(rng, m), Add: randSlice(rng, m*n), ReLU: true}
	withKernel(kAVX512, func() {
		p := Pack(false, m, k, a, k)
		fused, split := make([]float32, m*n), make([]float32, m*n)
		p.Mul(n, b, n, fused, n, ep)
		fuseEpilogue = false
		p.Mul(n, b, n, split, n, ep)
		fuseEpilogue = true
		for i := range fused {
			if math.Float32bits(fused[i]) != math.Float32bits(split[i]) {
				t.Fatalf("C[%d]: fused %g, kernel then epilogue %g", i, fused[i], split[i])
			}
		}
	})
}

// TestPackA: packA's gathers (packA6Asm, without transA) give the same
// slivers as its scalar loop, for full and ragged slivers and k-tails.
func TestPackA(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, s := range [][2]int{{6, 8}, {12, 37}, {13, 256}, {5, 9}, {7, 3}} {
		m, k := s[0], s[1]
		lda := k + 3
		a := make([]float32, m*lda)
		for i := range a {
			a[i] = rng.Float32()
		}
		got := make([]float32, ceilDiv(m, mr)*mr*k)
		want := make([]float32, len(got))
		withKernel(kGeneric, func() { packA(false, m, k, a, lda, 0, 0, want) })
		for _, kc := range kernelChoices {
			if kc.k == kGeneric || !available(kc.k) {
				continue
			}
			clear(got)
			withKernel(kc.k, func() { packA(false, m, k, a, lda, 0, 0, got) })
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%s %d×%d: packed[%d] = %v, want %v", kc.name, m, k, i, got[i], want[i])
				}
			}
		}
	}
}
