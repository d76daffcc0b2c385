package googlenet

import (
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
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

// Backward against the exported gradient check (nntest.CheckGrad: central
// differences in float64, derived tolerance, ×1.01 negative control).
func TestTransformInputBackward(t *testing.T) {
	l := NewTransformInput("transform_input")
	nntest.CheckGrad(t, l, nntest.RandInput(7, 2, 3, 2, 3), true, nntest.Sample(0))
}

// TestMain fails if a layer of the chapter with a Backward escapes
// nntest.CheckGrad.
func TestMain(m *testing.M) { nntest.Main(m, "github.com/cnnbook/cnnbook/chapters/googlenet") }

func TestTransformInputShape(t *testing.T) {
	_, err := nn.Analyze(NewTransformInput("transform_input"), nn.Shape{1, 8, 8})
	if err == nil || err.Error() != "transform_input: expects a 3×H×W image, got 1×8×8" {
		t.Errorf("got %v, want an error naming the layer and the shape", err)
	}
}
