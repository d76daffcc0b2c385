package nntest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// The finite-difference gradient checker every Backward in nn is held to.
//
// A module m maps x to y. The checker fixes a random projection r (seeded
// PCG, one r_i per output element) and the scalar loss
//
//	L(x, θ) = Σ_i r_i·y_i,   so   dL/dy = r.
//
// The analytic gradients come from one Forward + Backward(r) after
// ZeroGrad: dx is Backward's return value, dθ is Param.Grad of every
// trainable parameter. The numerical ones are central differences
//
//	∂L/∂e ≈ (L(e+h) − L(e−h)) / ((e+h) − (e−h)),
//
// with L accumulated in float64 and the denominator taken from the float32
// values actually stored (float32(e±h)), so the representation error of
// e±h does not enter. Each vector (dx, then each parameter by name) is
// compared after max-normalisation:
//
//	err = max_i |analytic_i − numeric_i| / max_i |numeric_i|.
//
// Why Tol = 3e-3 (float32 forward, h = 1e-2). Perturbing one element
// changes only the outputs that read it; every other output is recomputed
// bit-for-bit identically and cancels exactly in L(e+h) − L(e−h). The
// rounding left is that of the few touched outputs, ~6e-8·|y|·√K for a
// K-term float32 sum, which over 2h = 2e-2 gives ≲1e-5 relative. The
// truncation error of the central difference is h²/6·|third derivative|: zero for the
// linear layers (conv, pool, linear), ~1e-4 relative for tanh, LRN and
// BatchNorm with inputs of order 1. So a correct Backward lands at ~1e-4
// and 3e-3 leaves a 30× margin, while an analytic gradient that is off by
// 1% — the negative control, scale 1.01 — errs by ≈1e-2 > 3e-3 and fails.
// Piecewise-linear layers (ReLU, max-pool) are exact too, provided no
// perturbation crosses a kink: feed them DistinctInput, whose values are
// ≥ 10·h apart and ≥ 5·h away from 0.
const (
	Tol           = 3e-3 // max-normalised error; see above
	DefaultStep   = 1e-2 // h
	DefaultSample = 64   // elements checked per vector (all if fewer)
)

// Report is the outcome of one GradCheck.
type Report struct {
	OK      bool
	MaxErr  float64            // worst max-normalised error over all vectors
	Worst   string             // the vector it came from ("x", "weight", ...)
	Errs    map[string]float64 // per vector
	Zero    map[string]bool    // vectors whose numerical gradient is 0 at every checked element
	Checked int                // elements perturbed in total
	Tol     float64
}

func (r Report) String() string {
	keys := make([]string, 0, len(r.Errs))
	for k := range r.Errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%.2g", k, r.Errs[k])
	}
	return fmt.Sprintf("max-normalised error %.3g in %s (tol %.g; per vector:%s; %d elements perturbed)",
		r.MaxErr, r.Worst, r.Tol, b.String(), r.Checked)
}

type config struct {
	scale  float64        // multiplies the analytic gradient (negative control)
	h      float64        // finite-difference step
	tol    float64        // max-normalised error allowed
	sample int            // elements per vector
	ctx    func() *nn.Ctx // a fresh, identically seeded context per evaluation
	seed   uint64
}

// Option configures GradCheck.
type Option func(*config)

// Scale multiplies the analytic gradients by s before comparing: the
// negative control uses 1.01 and must fail.
func Scale(s float64) Option { return func(c *config) { c.scale = s } }

// Step sets the finite-difference step h.
func Step(h float64) Option { return func(c *config) { c.h = h } }

// Sample sets how many elements of each vector are perturbed (0: all).
func Sample(n int) Option { return func(c *config) { c.sample = n } }

// Context supplies the context of every evaluation. It must return a
// context that behaves identically each time (a stochastic layer's Rng
// re-seeded the same way), or the differences measure the noise.
func Context(f func() *nn.Ctx) Option { return func(c *config) { c.ctx = f } }

// GradCheck compares m's analytic gradients (input and every trainable
// parameter) with central differences of L = Σ r_i·y_i. All parameters of
// m must be allocated. The default context is {Train: train} with an Rng
// re-seeded identically for every evaluation, so dropout masks repeat.
// x is not modified.
func GradCheck(t testing.TB, m nn.Module, x *nn.Tensor, train bool, opts ...Option) Report {
	t.Helper()
	cfg := config{scale: 1, h: DefaultStep, tol: Tol, sample: DefaultSample, seed: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.ctx == nil {
		cfg.ctx = func() *nn.Ctx { return &nn.Ctx{Train: train, Rng: rand.New(rand.NewPCG(7, 11))} }
	}
	for _, p := range nn.AllParams(m) {
		if p.Data == nil {
			t.Fatalf("GradCheck: %s is not initialised", p.Key)
		}
	}
	x = x.Clone()
	rng := rand.New(rand.NewPCG(cfg.seed, 0x9e3779b97f4a7c15))

	// Analytic: one Forward, Backward(r).
	nn.ZeroGrad(m)
	y := m.Forward(cfg.ctx(), x)
	r := make([]float32, len(y.Data))
	for i := range r {
		r[i] = float32(rng.NormFloat64())
	}
	dy := &nn.Tensor{Shape: append([]int(nil), y.Shape...), Data: append([]float32(nil), r...)}
	dxT := m.Backward(dy)
	if dxT == nil {
		t.Fatalf("GradCheck: %s: Backward returned nil", m.Name())
	}
	if len(dxT.Data) != len(x.Data) {
		t.Fatalf("GradCheck: %s: Backward returned %d elements (shape %v), want %d (shape %v)",
			m.Name(), len(dxT.Data), dxT.Shape, len(x.Data), x.Shape)
	}
	type vec struct {
		name     string
		data     []float32 // perturbed in place
		analytic []float32 // copied right after Backward
	}
	vecs := []vec{{"x", x.Data, append([]float32(nil), dxT.Data...)}}
	for _, p := range nn.AllParams(m) {
		if !p.Trainable() {
			continue
		}
		if len(p.Grad) != len(p.Data) {
			t.Fatalf("GradCheck: %s: Grad has %d elements, want %d", p.Key, len(p.Grad), len(p.Data))
		}
		vecs = append(vecs, vec{p.Key, p.Data, append([]float32(nil), p.Grad...)})
	}

	loss := func() float64 {
		out := m.Forward(cfg.ctx(), x)
		var s float64
		for i, v := range out.Data {
			s += float64(r[i]) * float64(v)
		}
		return s
	}
	rep := Report{OK: true, Errs: map[string]float64{}, Zero: map[string]bool{}, Tol: cfg.tol}
	for _, v := range vecs {
		idx := sampleIndices(rng, len(v.data), cfg.sample)
		var maxNum, maxDiff float64
		for _, e := range idx {
			orig := v.data[e]
			plus, minus := float32(float64(orig)+cfg.h), float32(float64(orig)-cfg.h)
			v.data[e] = plus
			lp := loss()
			v.data[e] = minus
			lm := loss()
			v.data[e] = orig
			num := (lp - lm) / (float64(plus) - float64(minus))
			ana := cfg.scale * float64(v.analytic[e])
			maxNum = max(maxNum, math.Abs(num))
			maxDiff = max(maxDiff, math.Abs(ana-num))
		}
		rep.Checked += len(idx)
		var err float64
		switch {
		case maxNum > 1e-12:
			err = maxDiff / maxNum
		case maxDiff > 1e-6: // the true gradient is 0 but the analytic one is not
			err = math.Inf(1)
		default:
			rep.Zero[v.name] = true
		}
		rep.Errs[v.name] = err
		if err > rep.MaxErr || rep.Worst == "" {
			rep.MaxErr, rep.Worst = err, v.name
		}
		if !(err <= cfg.tol) {
			rep.OK = false
		}
	}
	return rep
}

// sampleIndices returns all of 0..n−1 when n ≤ k (or k == 0), else k
// distinct indices drawn from rng.
func sampleIndices(rng *rand.Rand, n, k int) []int {
	if k == 0 || n <= k {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	return rng.Perm(n)[:k]
}

// RequireGradOK fails the test unless m's gradients pass GradCheck.
func RequireGradOK(t testing.TB, m nn.Module, x *nn.Tensor, train bool, opts ...Option) Report {
	t.Helper()
	rep := GradCheck(t, m, x, train, opts...)
	if !rep.OK {
		t.Fatalf("%s: gradient check failed: %s (central differences of L = Σ r·y, float64 accumulation)", m.Name(), rep)
	}
	t.Logf("gradient check: %s", rep)
	return rep
}

// RequireControlFails is the negative control: the same check with the
// analytic gradients scaled by 1.01 must fail, and fail for every vector
// (the input and each parameter on its own), proving the tolerance can see
// a 1% error in each of them. A vector whose true gradient is 0 at every
// checked element (a dropped branch's weights) is exact under any scale,
// so it cannot fail; at least one vector must be non-zero.
func RequireControlFails(t testing.TB, m nn.Module, x *nn.Tensor, train bool, opts ...Option) Report {
	t.Helper()
	rep := GradCheck(t, m, x, train, append(append([]Option(nil), opts...), Scale(1.01))...)
	if rep.OK {
		t.Fatalf("%s: negative control passed: analytic gradient ×1.01 gave %s, want a failure", m.Name(), rep)
	}
	nonZero := 0
	for name, err := range rep.Errs {
		if rep.Zero[name] {
			continue
		}
		nonZero++
		if err <= rep.Tol {
			t.Fatalf("%s: negative control passed for %s: its gradient ×1.01 errs by %.3g ≤ tol %g (%s), want every vector to fail",
				m.Name(), name, err, rep.Tol, rep)
		}
	}
	if nonZero == 0 {
		t.Fatalf("%s: every gradient is 0 (%s): the check proves nothing", m.Name(), rep)
	}
	t.Logf("negative control (×1.01): %s", rep)
	return rep
}

// CheckGrad runs both: the check must pass and its 1.01 control must fail.
// It records the type of every module in m's tree as gradient-checked
// (Covered, which a package's TestMain calls, requires every Backward of
// the package to be among them).
func CheckGrad(t testing.TB, m nn.Module, x *nn.Tensor, train bool, opts ...Option) {
	t.Helper()
	RequireGradOK(t, m, x, train, opts...)
	RequireControlFails(t, m, x, train, opts...)
	nn.Walk(m, func(_ string, c nn.Module) { checked.add(c) })
}

// DistinctInput is a tensor whose values are a seeded permutation of
// (k + ½)·gap − n·gap/2, k = 0..n−1: pairwise at least gap apart and at
// least gap/2 away from 0, so that with gap ≥ 10·h no finite-difference
// step crosses a max-pool tie or a ReLU kink.
func DistinctInput(seed uint64, gap float64, shape ...int) *nn.Tensor {
	rng := rand.New(rand.NewPCG(seed, 2))
	x := nn.NewTensor(shape...)
	n := len(x.Data)
	for i, k := range rng.Perm(n) {
		x.Data[i] = float32((float64(k)+0.5)*gap - float64(n)*gap/2)
	}
	return x
}

// InitParams fills m's parameters from N(0, 1) (biases too, so that a
// wrong bias gradient shows).
func InitParams(m nn.Module, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for _, p := range nn.AllParams(m) {
		p.Alloc()
		for i := range p.Data {
			p.Data[i] = float32(rng.NormFloat64())
		}
	}
}
