package nn

import (
	"math"
	"testing"
)

// vecParam is a one-parameter module for optimiser tests.
type vecParam struct {
	Base
	P []*Param
}

func (m *vecParam) Params() []*Param                           { return m.P }
func (m *vecParam) Forward(c *Ctx, x *Tensor) *Tensor          { return x }
func (m *vecParam) Backward(dy *Tensor) *Tensor                { return dy }
func (m *vecParam) Analyze(a *Analyzer, in Flow) (Flow, error) { return in, nil }

func newVec(name string, vals ...float32) *Param {
	p := NewParam(name, InitZeros, len(vals))
	p.Alloc()
	copy(p.Data, vals)
	return p
}

func near(t *testing.T, what string, got []float32, want []float64, tol float64) {
	t.Helper()
	for i, w := range want {
		if math.Abs(float64(got[i])-w) > tol*math.Max(1, math.Abs(w)) {
			t.Errorf("%s[%d]: got %.9g, want %.9g", what, i, got[i], w)
		}
	}
}

// Two steps of torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=5e-4),
// computed by hand from the update in the PyTorch docs (torch/optim/sgd.py):
//
//	g_t ← g_t + λθ_{t−1};  b_1 ← g_1, b_t ← μb_{t−1} + g_t;  θ_t ← θ_{t−1} − γb_t
//
// θ_0 = (1, −2, 0.5), g_1 = (0.3, −0.1, 2), g_2 = (−0.2, 0.4, 1):
//
//	step 1: d = g_1 + 5e−4·θ_0 = (0.3005, −0.101, 2.00025) = b_1
//	        θ_1 = θ_0 − 0.1·b_1 = (0.96995, −1.9899, 0.299975)
//	step 2: d = g_2 + 5e−4·θ_1 = (−0.199515025, 0.39900505, 1.0001499875)
//	        b_2 = 0.9·b_1 + d = (0.070934975, 0.30810505, 2.8003749875)
//	        θ_2 = θ_1 − 0.1·b_2 = (0.9628565025, −2.020710505, 0.01993750125)
//
// torch 1.13 prints θ_2 = (0.962856531, −2.02071047, 0.0199374761) in
// float32, the same to 1e−7 relative.
func TestSGDMatchesTorch(t *testing.T) {
	w := newVec("weight", 1, -2, 0.5)
	m := &vecParam{Base{"m"}, []*Param{w}}
	opt := NewSGD(m, 0.1, 0.9, 5e-4)
	copy(w.Grad, []float32{0.3, -0.1, 2})
	opt.Step()
	near(t, "θ_1", w.Data, []float64{0.96995, -1.9899, 0.299975}, 1e-6)
	near(t, "b_1", opt.buf[0], []float64{0.3005, -0.101, 2.00025}, 1e-6)
	copy(w.Grad, []float32{-0.2, 0.4, 1})
	opt.Step()
	near(t, "b_2", opt.buf[0], []float64{0.070934975, 0.30810505, 2.8003749875}, 1e-6)
	near(t, "θ_2", w.Data, []float64{0.9628565025, -2.020710505, 0.01993750125}, 1e-6)

	// Nesterov: θ ← θ − γ(d + μb). torch 1.13 with nesterov=True gives
	// θ_1 = (0.942905009, −1.98081005, 0.119952485),
	// θ_2 = (0.95647496, −2.04844093, −0.232079163).
	w = newVec("weight", 1, -2, 0.5)
	opt = NewSGD(&vecParam{Base{"m"}, []*Param{w}}, 0.1, 0.9, 5e-4)
	opt.Nesterov = true
	copy(w.Grad, []float32{0.3, -0.1, 2})
	opt.Step()
	near(t, "nesterov θ_1", w.Data, []float64{0.942905009, -1.98081005, 0.119952485}, 1e-6)
	copy(w.Grad, []float32{-0.2, 0.4, 1})
	opt.Step()
	near(t, "nesterov θ_2", w.Data, []float64{0.95647496, -2.04844093, -0.232079163}, 1e-6)
}

func TestSGDSkips(t *testing.T) {
	w := newVec("weight", 1, 1)
	bias := newVec("bias", 1, 1)
	frozen := newVec("centres", 1, 1)
	frozen.Frozen = true
	buf := newVec("running_mean", 1, 1)
	buf.Buffer = true
	unused := NewParam("unused", InitZeros, 2) // never allocated, never reached by Backward
	m := &vecParam{Base{"m"}, []*Param{w, bias, frozen, buf, unused}}
	opt := NewSGD(m, 0.5, 0, 0.1)
	opt.NoDecay = func(key string, p *Param) bool { return key == "bias" }
	for _, p := range []*Param{w, bias} {
		copy(p.Grad, []float32{1, 2})
	}
	opt.Step()
	// weight: θ − γ(g + λθ) = 1 − 0.5·(g + 0.1); bias: no decay, 1 − 0.5·g.
	near(t, "weight", w.Data, []float64{1 - 0.5*1.1, 1 - 0.5*2.1}, 1e-7)
	near(t, "bias (NoDecay)", bias.Data, []float64{0.5, 0}, 1e-7)
	near(t, "frozen", frozen.Data, []float64{1, 1}, 0)
	near(t, "buffer", buf.Data, []float64{1, 1}, 0)
	if unused.Data != nil {
		t.Errorf("an unallocated parameter got data %v, want nil (skipped as torch skips grad None)", unused.Data)
	}
	opt.ZeroGrad()
	near(t, "weight grad after ZeroGrad", w.Grad, []float64{0, 0}, 0)
}
