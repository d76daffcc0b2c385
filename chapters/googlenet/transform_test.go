package googlenet

import (
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// A raw pixel v ∈ [0, 1], normalised as torchvision's ImageNet presets do
// (x = (v − mean)/std), comes out as (v − 0.5)/0.5 = 2v − 1.
func TestTransformInput(t *testing.T) {
	l := NewTransformInput("transform_input")
	vs := []float64{0, 0.25, 0.5, 1}
	x := nn.NewTensor(1, 3, 1, len(vs))
	for c := range 3 {
		for i, v := range vs {
			x.Data[c*len(vs)+i] = float32((v - imagenetMean[c]) / imagenetStd[c])
		}
	}
	y := l.Forward(nn.Eval, x)
	for c := range 3 {
		for i, v := range vs {
			got, want := float64(y.Data[c*len(vs)+i]), 2*v-1
			if math.Abs(got-want) > 1e-6 {
				t.Errorf("channel %d, v = %v: got %v, want %v", c, v, got, want)
			}
		}
	}
}

// Backward against central differences of L = Σ r·y (float64 sums; the
// layer is affine, so the only error is float32 rounding).
func TestTransformInputBackward(t *testing.T) {
	l := NewTransformInput("transform_input")
	rng := nn.NewRNG(7)
	x, r := nn.NewTensor(2, 3, 2, 3), nn.NewTensor(2, 3, 2, 3)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
		r.Data[i] = float32(rng.NormFloat64())
	}
	loss := func() float64 {
		var s float64
		for i, v := range l.Forward(nn.Eval, x).Data {
			s += float64(r.Data[i]) * float64(v)
		}
		return s
	}
	l.Forward(nn.Eval, x)
	dx := l.Backward(r)
	const h = 1e-2
	for i := range x.Data {
		e := x.Data[i]
		x.Data[i] = e + h
		up, hi := loss(), x.Data[i]
		x.Data[i] = e - h
		down, lo := loss(), x.Data[i]
		x.Data[i] = e
		num := (up - down) / float64(hi-lo)
		if math.Abs(num-float64(dx.Data[i])) > 1e-4*math.Max(1, math.Abs(num)) {
			t.Errorf("dx[%d]: got %v, want %v (central difference)", i, dx.Data[i], num)
		}
	}
}

func TestTransformInputShape(t *testing.T) {
	_, err := nn.Analyze(NewTransformInput("transform_input"), nn.Shape{1, 8, 8})
	if err == nil || err.Error() != "transform_input: expects a 3×H×W image, got 1×8×8" {
		t.Errorf("got %v, want an error naming the layer and the shape", err)
	}
}
