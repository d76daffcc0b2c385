package nn

import "testing"

func TestDenseBlockGrad(t *testing.T) {
	// Smooth layers (BN-Tanh-conv) so that no ReLU kink is crossed.
	layer := func(name string, in int) Module {
		return Seq(name, NewBatchNorm2D("norm", in), NewTanh("tanh"), NewConv2D("conv", in, 2, 3, Pad(1)))
	}
	d := NewDenseConcat("denseblock", layer("denselayer1", 3), layer("denselayer2", 5), layer("denselayer3", 7))
	initParams(d, 2)
	x := randInput(3, 2, 3, 4, 4)
	t.Run("train", func(t *testing.T) { checkGrad(t, d, x, true) })
	for _, p := range AllParams(d) {
		if p.Key == "denselayer1.norm.running_var" || p.Key == "denselayer2.norm.running_var" || p.Key == "denselayer3.norm.running_var" {
			for i := range p.Data {
				p.Data[i] = 1.5
			}
		}
	}
	t.Run("eval", func(t *testing.T) { checkGrad(t, d, x, false) })
}
