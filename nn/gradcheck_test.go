package nn

import (
	"math/rand/v2"
	"testing"
)

// nn's tests hold every Backward to the exported gradient check,
// nntest.CheckGrad (nn/nntest/grad.go: finite differences in float64, the
// derived tolerance, the ×1.01 negative control), the same check the
// chapters' layers meet. nntest imports nn, so package nn's own test files
// cannot import it; gradcheck_hook_test.go (package nn_test) installs it
// in GradCheckHook before any test runs, and checkGrad calls it.

// GradCheckHook runs nntest.CheckGrad(t, m, x, train, …) with the given
// step h (0: nntest's default), sample size (-1: nntest's default, 0: every
// element) and context (nil: nntest's default).
var GradCheckHook func(t testing.TB, m Module, x *Tensor, train bool, h float64, sample int, ctx func() *Ctx)

// gradStep is nntest.DefaultStep, the finite-difference step h.
const gradStep = 1e-2

// gradOpts are checkGrad's options, passed on to nntest.
type gradOpts struct {
	h      float64
	sample int
	ctx    func() *Ctx
}

type gradOpt func(*gradOpts)

// withStep sets the finite-difference step h.
func withStep(h float64) gradOpt { return func(c *gradOpts) { c.h = h } }

// withSample sets how many elements of each vector are perturbed (0: all).
func withSample(n int) gradOpt { return func(c *gradOpts) { c.sample = n } }

// withCtx supplies the context of every evaluation (see nntest.Context).
func withCtx(f func() *Ctx) gradOpt { return func(c *gradOpts) { c.ctx = f } }

// checkGrad runs nntest.CheckGrad: the check must pass and its 1.01
// control must fail; nntest records the type of every module in m's tree
// as gradient-checked (TestMain, nntest.Main, requires every Backward of
// the package to be among them).
func checkGrad(t testing.TB, m Module, x *Tensor, train bool, opts ...gradOpt) {
	t.Helper()
	if GradCheckHook == nil {
		t.Fatal("checkGrad: GradCheckHook is not installed (gradcheck_hook_test.go)")
	}
	o := gradOpts{sample: -1}
	for _, f := range opts {
		f(&o)
	}
	GradCheckHook(t, m, x, train, o.h, o.sample, o.ctx)
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
