package nn

import "testing"

// Huang et al. 2017 §3: "the ℓth layer receives the feature-maps of all
// preceding layers": layer i sees C + (i−1)·k channels and the block
// outputs C + L·k, the input first.
func TestDenseBlockForward(t *testing.T) {
	const c, k, L = 3, 2, 3
	d := DenseNetBlock("denseblock", L, c, k, 2)
	InitParams(d, NewRNG(1))
	x := randInput(1, 2, c, 4, 4)
	y := d.Forward(Eval, x)
	if want := (Shape{2, c + L*k, 4, 4}); !Shape(y.Shape).Equal(want) {
		t.Fatalf("shape got %v, want %v", y.Shape, want)
	}
	// The first C channels are the input itself.
	for n := 0; n < 2; n++ {
		for i := 0; i < c*16; i++ {
			if got, want := y.Data[n*(c+L*k)*16+i], x.Data[n*c*16+i]; got != want {
				t.Fatalf("sample %d element %d: got %g, want the input %g", n, i, got, want)
			}
		}
	}
	// The last k channels are layer L applied to everything before them.
	prev := NewTensor(2, c+(L-1)*k, 4, 4)
	for n := 0; n < 2; n++ {
		copy(prev.Data[n*(c+(L-1)*k)*16:(n+1)*(c+(L-1)*k)*16], y.Data[n*(c+L*k)*16:])
	}
	last := d.Layers[L-1].Forward(Eval, prev)
	for n := 0; n < 2; n++ {
		for i := 0; i < k*16; i++ {
			if got, want := y.Data[(n*(c+L*k)+c+(L-1)*k)*16+i], last.Data[n*k*16+i]; got != want {
				t.Fatalf("sample %d: channel %d got %g, want layer %d's output %g", n, c+(L-1)*k+i/16, got, L, want)
			}
		}
	}
}

func TestDenseBlockGrad(t *testing.T) {
	// Smooth layers (BN-Tanh-conv) so that no ReLU kink is crossed.
	layer := func(name string, in int) Module {
		return Seq(name, NewBatchNorm2D("norm", in), NewTanh("tanh"), NewConv2D("conv", in, 2, 3, Pad(1)))
	}
	d := NewDenseBlock("denseblock", layer("denselayer1", 3), layer("denselayer2", 5), layer("denselayer3", 7))
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
