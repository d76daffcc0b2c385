package bench

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// TestPlanAllocsModels: after its first call, an inference plan of
// lenet5 and of resnet50-tv at 64×64 allocates nothing, and neither does
// a lenet5 training step (plan Step and SGD Step). testing.AllocsPerRun
// runs with GOMAXPROCS 1. Each plan's output is also checked against
// Module.Forward (1e-4 × max|ref| on the logits).
func TestPlanAllocsModels(t *testing.T) {
	for _, c := range []struct {
		name string
		in   nn.Shape
		n    int
	}{
		{"lenet5", nil, 4},
		{"resnet50-tv", nn.Shape{3, 64, 64}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, c.name)
			in := m.Input
			if c.in != nil {
				in = c.in
			}
			x := randInput(rand.New(rand.NewPCG(9, 10)), c.n, in)
			p, err := nn.NewPlan(m.Net, in, c.n, false)
			if err != nil {
				t.Fatal(err)
			}
			allocs := testing.AllocsPerRun(3, func() { p.Forward(x) })
			if allocs != 0 {
				t.Errorf("inference plan at %v: %g allocations per call, want 0", in, allocs)
			}
			want := m.Net.Forward(nn.Eval, x)
			got := p.Forward(x)
			var d, ref float64
			for i := range want.Data {
				d = max(d, math.Abs(float64(got.Data[i])-float64(want.Data[i])))
				ref = max(ref, math.Abs(float64(want.Data[i])))
			}
			if d > 1e-4*ref {
				t.Errorf("plan logits differ from Forward's by %g > 1e-4 × %g", d, ref)
			}
		})
	}
	t.Run("lenet5-train", func(t *testing.T) {
		m := build(t, "lenet5")
		x, labels := lenetData(lenetBatch)
		p, err := nn.NewPlan(m.Net, m.Input, lenetBatch, true)
		if err != nil {
			t.Fatal(err)
		}
		opt := nn.NewSGD(m.Net, 0.01, 0.9, 5e-4)
		allocs := testing.AllocsPerRun(3, func() {
			if _, err := p.Step(x, labels); err != nil {
				t.Fatal(err)
			}
			opt.Step()
		})
		if allocs != 0 {
			t.Errorf("lenet5 training step: %g allocations per step, want 0", allocs)
		}
	})
}
