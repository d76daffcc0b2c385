package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
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
// Why gradTol = 3e-3 (float32 forward, h = 1e-2). Perturbing one element
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
// perturbation crosses a kink: feed them distinctInput, whose values are
// ≥ 10·h apart and ≥ 5·h away from 0.
const (
	gradTol    = 3e-3 // max-normalised error; see above
	gradStep   = 1e-2 // h
	gradSample = 64   // elements checked per vector (all if fewer)
)

// gradReport is the outcome of one gradCheck.
type gradReport struct {
	OK      bool
	MaxErr  float64            // worst max-normalised error over all vectors
	Worst   string             // the vector it came from ("x", "weight", ...)
	Errs    map[string]float64 // per vector
	Zero    map[string]bool    // vectors whose numerical gradient is 0 at every checked element
	Checked int                // elements perturbed in total
	Tol     float64
}

func (r gradReport) String() string {
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

type gradConfig struct {
	scale  float64     // multiplies the analytic gradient (negative control)
	h      float64     // finite-difference step
	tol    float64     // max-normalised error allowed
	sample int         // elements per vector
	ctx    func() *Ctx // a fresh, identically seeded context per evaluation
	seed   uint64
}

// gradOpt configures gradCheck.
type gradOpt func(*gradConfig)

// withScale multiplies the analytic gradients by s before comparing: the
// negative control uses 1.01 and must fail.
func withScale(s float64) gradOpt { return func(c *gradConfig) { c.scale = s } }

// withStep sets the finite-difference step h.
func withStep(h float64) gradOpt { return func(c *gradConfig) { c.h = h } }

// withSample sets how many elements of each vector are perturbed (0: all).
func withSample(n int) gradOpt { return func(c *gradConfig) { c.sample = n } }

// withCtx supplies the context of every evaluation. It must return a
// context that behaves identically each time (a stochastic layer's Rng
// re-seeded the same way), or the differences measure the noise.
func withCtx(f func() *Ctx) gradOpt { return func(c *gradConfig) { c.ctx = f } }

// gradCheck compares m's analytic gradients (input and every trainable
// parameter) with central differences of L = Σ r_i·y_i. All parameters of
// m must be allocated. The default context is {Train: train} with an Rng
// re-seeded identically for every evaluation, so dropout masks repeat.
// x is not modified.
func gradCheck(t testing.TB, m Module, x *Tensor, train bool, opts ...gradOpt) gradReport {
	t.Helper()
	cfg := gradConfig{scale: 1, h: gradStep, tol: gradTol, sample: gradSample, seed: 1}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.ctx == nil {
		cfg.ctx = func() *Ctx { return &Ctx{Train: train, Rng: rand.New(rand.NewPCG(7, 11))} }
	}
	for _, p := range AllParams(m) {
		if p.Data == nil {
			t.Fatalf("gradCheck: %s is not initialised", p.Key)
		}
	}
	x = x.Clone()
	rng := rand.New(rand.NewPCG(cfg.seed, 0x9e3779b97f4a7c15))

	// Analytic: one Forward, Backward(r).
	ZeroGrad(m)
	y := m.Forward(cfg.ctx(), x)
	r := make([]float32, len(y.Data))
	for i := range r {
		r[i] = float32(rng.NormFloat64())
	}
	dy := &Tensor{Shape: append([]int(nil), y.Shape...), Data: append([]float32(nil), r...)}
	dxT := m.Backward(dy)
	if dxT == nil {
		t.Fatalf("gradCheck: %s: Backward returned nil", m.Name())
	}
	if len(dxT.Data) != len(x.Data) {
		t.Fatalf("gradCheck: %s: Backward returned %d elements (shape %v), want %d (shape %v)",
			m.Name(), len(dxT.Data), dxT.Shape, len(x.Data), x.Shape)
	}
	type vec struct {
		name     string
		data     []float32 // perturbed in place
		analytic []float32 // copied right after Backward
	}
	vecs := []vec{{"x", x.Data, append([]float32(nil), dxT.Data...)}}
	for _, p := range AllParams(m) {
		if !p.Trainable() {
			continue
		}
		if len(p.Grad) != len(p.Data) {
			t.Fatalf("gradCheck: %s: Grad has %d elements, want %d", p.Key, len(p.Grad), len(p.Data))
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
	rep := gradReport{OK: true, Errs: map[string]float64{}, Zero: map[string]bool{}, Tol: cfg.tol}
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

// requireGradOK fails the test unless m's gradients pass gradCheck.
func requireGradOK(t testing.TB, m Module, x *Tensor, train bool, opts ...gradOpt) gradReport {
	t.Helper()
	rep := gradCheck(t, m, x, train, opts...)
	if !rep.OK {
		t.Fatalf("%s: gradient check failed: %s (central differences of L = Σ r·y, float64 accumulation)", m.Name(), rep)
	}
	t.Logf("gradient check: %s", rep)
	return rep
}

// requireGradControlFails is the negative control: the same check with the
// analytic gradients scaled by 1.01 must fail, and fail for every vector
// (the input and each parameter on its own), proving the tolerance can see
// a 1% error in each of them. A vector whose true gradient is 0 at every
// checked element (a dropped branch's weights) is exact under any scale,
// so it cannot fail; at least one vector must be non-zero.
func requireGradControlFails(t testing.TB, m Module, x *Tensor, train bool, opts ...gradOpt) gradReport {
	t.Helper()
	rep := gradCheck(t, m, x, train, append(append([]gradOpt(nil), opts...), withScale(1.01))...)
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

// checkGrad runs both: the check must pass and its 1.01 control must fail.
// It records the type of every module in m's tree as gradient-checked
// (TestMain requires every Backward of the package to be among them).
func checkGrad(t testing.TB, m Module, x *Tensor, train bool, opts ...gradOpt) {
	t.Helper()
	requireGradOK(t, m, x, train, opts...)
	requireGradControlFails(t, m, x, train, opts...)
	Walk(m, func(_ string, c Module) { gradChecked.add(c) })
}

// randInput is a tensor of N(0, 1) values from a seeded PCG.
func randInput(seed uint64, shape ...int) *Tensor {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// distinctInput is a tensor whose values are a seeded permutation of
// (k + ½)·gap − n·gap/2, k = 0..n−1: pairwise at least gap apart and at
// least gap/2 away from 0, so that with gap ≥ 10·h no finite-difference
// step crosses a max-pool tie or a ReLU kink.
func distinctInput(seed uint64, gap float64, shape ...int) *Tensor {
	rng := rand.New(rand.NewPCG(seed, 2))
	x := NewTensor(shape...)
	n := len(x.Data)
	for i, k := range rng.Perm(n) {
		x.Data[i] = float32((float64(k)+0.5)*gap - float64(n)*gap/2)
	}
	return x
}

// initParams fills m's parameters from N(0, 1) (biases too, so that a
// wrong bias gradient shows).
func initParams(m Module, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for _, p := range AllParams(m) {
		p.Alloc()
		for i := range p.Data {
			p.Data[i] = float32(rng.NormFloat64())
		}
	}
}

// scaleLayer is y = w·x², a module with a known-correct Backward used to
// test the checker itself.
type scaleLayer struct {
	Base
	W *Param // (1)
	x *Tensor
}

func (l *scaleLayer) Params() []*Param { return []*Param{l.W} }
func (l *scaleLayer) Analyze(a *Analyzer, in Flow) (Flow, error) {
	return a.Leaf(l, in, LeafInfo{Type: "Scale", Out: in.Shape}), nil
}
func (l *scaleLayer) Forward(c *Ctx, x *Tensor) *Tensor {
	l.x = x
	y := ZerosLike(x)
	for i, v := range x.Data {
		y.Data[i] = l.W.Data[0] * v * v // y = w·x²
	}
	return y
}
func (l *scaleLayer) Backward(dy *Tensor) *Tensor {
	dx := ZerosLike(dy)
	for i, g := range dy.Data {
		dx.Data[i] = 2 * l.W.Data[0] * l.x.Data[i] * g // dy/dx = 2wx
		l.W.Grad[0] += l.x.Data[i] * l.x.Data[i] * g   // dy/dw = x²
	}
	return dx
}

// The checker accepts a correct Backward and rejects it scaled by 1.01.
func TestGradCheckSelf(t *testing.T) {
	l := &scaleLayer{Base: Base{"scale"}, W: NewParam("weight", InitOnes, 1)}
	l.W.Alloc()
	l.W.Data[0] = 0.7
	x := randInput(1, 2, 3, 4, 5)
	rep := requireGradOK(t, l, x, false)
	if rep.MaxErr > 1e-4 {
		t.Errorf("quadratic layer: error got %.3g, want < 1e-4 (central differences are exact up to rounding for a quadratic)", rep.MaxErr)
	}
	ctl := requireGradControlFails(t, l, x, false)
	if math.Abs(ctl.MaxErr-0.01) > 1e-3 {
		t.Errorf("negative control: error got %.4g, want ≈ 0.01 (the 1%% scale)", ctl.MaxErr)
	}
}
