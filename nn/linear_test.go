package nn

import (
	"math"
	"testing"
)

func TestLinearForward(t *testing.T) {
	const n, in, out = 3, 7, 5
	l := NewLinear("fc", in, out)
	initParams(l, 1)
	x := randInput(2, n, in)
	y := l.Forward(Eval, x)
	for b := 0; b < n; b++ {
		for o := 0; o < out; o++ {
			want := float64(l.Bias.Data[o])
			for i := 0; i < in; i++ {
				want += float64(x.Data[b*in+i]) * float64(l.Weight.Data[o*in+i])
			}
			if got := float64(y.Data[b*out+o]); math.Abs(got-want) > 1e-5 {
				t.Errorf("y[%d,%d]: got %.6g, want %.6g = b + Σ W·x", b, o, got, want)
			}
		}
	}
}

func TestLinearGrad(t *testing.T) {
	t.Run("vector", func(t *testing.T) {
		l := NewLinear("fc", 6, 4)
		initParams(l, 3)
		checkGrad(t, l, randInput(4, 3, 6), true)
	})
	t.Run("feature map input", func(t *testing.T) {
		// (N, 2, 3, 2) flattened on the fly; dx comes back in the input's shape.
		l := NewLinear("fc", 12, 5)
		initParams(l, 5)
		x := randInput(6, 2, 2, 3, 2)
		l.Forward(Eval, x)
		if dx := l.Backward(randInput(7, 2, 5)); len(dx.Shape) != 4 {
			t.Errorf("dx shape got %v, want the input's %v", dx.Shape, x.Shape)
		}
		checkGrad(t, l, x, true)
	})
	t.Run("no bias", func(t *testing.T) {
		l := NewLinear("fc", 6, 4)
		l.Bias = nil
		initParams(l, 3)
		checkGrad(t, l, randInput(4, 3, 6), true)
	})
}

// Flatten's Backward restores the input's shape; alone (dx = dy, reshaped)
// and between a conv and a linear layer, as in AlexNet's classifier.
func TestFlattenGrad(t *testing.T) {
	t.Run("alone", func(t *testing.T) {
		x := randInput(8, 2, 3, 4, 5)
		f := NewFlatten("flatten")
		y := f.Forward(Eval, x)
		if want := []int{2, 3 * 4 * 5}; !Shape(y.Shape).Equal(want) {
			t.Fatalf("shape got %v, want %v (N, C·H·W)", y.Shape, want)
		}
		if dx := f.Backward(y); !Shape(dx.Shape).Equal(x.Shape) {
			t.Fatalf("dx shape got %v, want the input's %v", dx.Shape, x.Shape)
		}
		checkGrad(t, f, x, true, withSample(0))
	})
	t.Run("conv → flatten → linear", func(t *testing.T) {
		m := Seq("", NewConv2D("conv", 2, 3, 3, Pad(1)), NewFlatten("flatten"), NewLinear("fc", 3*4*3, 5))
		initParams(m, 9)
		checkGrad(t, m, randInput(10, 2, 2, 4, 3), true)
	})
}
