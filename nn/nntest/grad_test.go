package nntest

import (
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// scaleLayer is y = w·x², a module with a known-correct Backward used to
// test the checker itself.
type scaleLayer struct {
	nn.Base
	W *nn.Param // (1)
	x *nn.Tensor
}

func (l *scaleLayer) Params() []*nn.Param { return []*nn.Param{l.W} }
func (l *scaleLayer) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	return a.Leaf(l, in, nn.LeafInfo{Type: "Scale", Out: in.Shape}), nil
}
func (l *scaleLayer) Forward(c *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	l.x = x
	y := nn.ZerosLike(x)
	for i, v := range x.Data {
		y.Data[i] = l.W.Data[0] * v * v // y = w·x²
	}
	return y
}
func (l *scaleLayer) Backward(dy *nn.Tensor) *nn.Tensor {
	dx := nn.ZerosLike(dy)
	for i, g := range dy.Data {
		dx.Data[i] = 2 * l.W.Data[0] * l.x.Data[i] * g // dy/dx = 2wx
		l.W.Grad[0] += l.x.Data[i] * l.x.Data[i] * g   // dy/dw = x²
	}
	return dx
}

// The checker accepts a correct Backward and rejects it scaled by 1.01.
func TestGradCheckSelf(t *testing.T) {
	l := &scaleLayer{Base: nn.Base{ModuleName: "scale"}, W: nn.NewParam("weight", nn.InitOnes, 1)}
	l.W.Alloc()
	l.W.Data[0] = 0.7
	x := RandInput(1, 2, 3, 4, 5)
	rep := RequireGradOK(t, l, x, false)
	if rep.MaxErr > 1e-4 {
		t.Errorf("quadratic layer: error got %.3g, want < 1e-4 (central differences are exact up to rounding for a quadratic)", rep.MaxErr)
	}
	ctl := RequireControlFails(t, l, x, false)
	if math.Abs(ctl.MaxErr-0.01) > 1e-3 {
		t.Errorf("negative control: error got %.4g, want ≈ 0.01 (the 1%% scale)", ctl.MaxErr)
	}
}
