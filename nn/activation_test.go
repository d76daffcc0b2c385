package nn

import (
	"fmt"
	"math"
	"testing"
)

func TestActivationForward(t *testing.T) {
	x := FromData([]float32{-7, -1, 0, 0.5, 1, 5.9, 6, 8}, 1, 8)
	for _, tc := range []struct {
		l    *Activation
		want func(float64) float64
	}{
		{NewReLU("relu"), func(v float64) float64 { return math.Max(0, v) }},
		{NewReLU6("relu6"), func(v float64) float64 { return math.Min(math.Max(0, v), 6) }},
		{NewTanh("tanh"), math.Tanh},
		{NewScaledTanh("f"), func(v float64) float64 { return 1.7159 * math.Tanh(2.0/3.0*v) }},
	} {
		t.Run(tc.l.Name(), func(t *testing.T) {
			y := tc.l.Forward(Eval, x)
			for i, v := range x.Data {
				if w := tc.want(float64(v)); math.Abs(float64(y.Data[i])-w) > 1e-6 {
					t.Errorf("%s(%g): got %g, want %g", tc.l.Name(), v, y.Data[i], w)
				}
			}
			if x.Data[0] != -7 {
				t.Errorf("%s modified its input: x[0] got %g, want -7", tc.l.Name(), x.Data[0])
			}
		})
	}
}

// LeNet-1998 appendix A: A = 1.7159 is chosen so that f(1) = 1 and f(−1) = −1.
func TestScaledTanhUnitPoints(t *testing.T) {
	y := NewScaledTanh("f").Forward(Eval, FromData([]float32{1, -1}, 1, 2))
	for i, want := range []float64{1, -1} {
		if math.Abs(float64(y.Data[i])-want) > 1e-4 {
			t.Errorf("f(%g): got %.6f, want %g (LeNet-1998 appendix A)", want, y.Data[i], want)
		}
	}
}

func TestActivationGrad(t *testing.T) {
	// Piecewise-linear activations get inputs ≥ 7.5·h from every kink
	// (0, and 6 for ReLU6): gap 0.15 spans about ±9.
	kinked := distinctInput(1, 0.15, 2, 3, 4, 5)
	smooth := randInput(2, 2, 3, 4, 5)
	for _, tc := range []struct {
		l *Activation
		x *Tensor
	}{
		{NewReLU("relu"), kinked},
		{NewReLU6("relu6"), kinked},
		{NewTanh("tanh"), smooth},
		{NewScaledTanh("scaled_tanh"), smooth},
	} {
		t.Run(tc.l.Name(), func(t *testing.T) {
			checkGrad(t, tc.l, tc.x, true, withSample(0))
		})
	}
}

func ExampleActivation() {
	x := FromData([]float32{-2, 0.5, 7}, 1, 3)
	for _, l := range []*Activation{NewReLU("relu"), NewReLU6("relu6"), NewTanh("tanh"), NewScaledTanh("lenet")} {
		fmt.Printf("%-6s %.4f\n", l.Name(), l.Forward(Eval, x).Data)
	}
	// Output:
	// relu   [0.0000 0.5000 7.0000]
	// relu6  [0.0000 0.5000 6.0000]
	// tanh   [-0.9640 0.4621 1.0000]
	// lenet  [-1.4929 0.5517 1.7156]
}
