package vgg

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// small is vgg16's tree (config D) at 1/16 of the widths (4, 8, 16, 32,
// 32 channels), fc6/fc7 64 wide and 10 classes, initialised with a seeded
// PCG: the same layers and keys as the full model, cheap enough to run.
func small(t *testing.T) *nn.Model {
	t.Helper()
	m := New("vgg16-small", D, Options{Div: 16, FC: 64, Classes: 10})
	nn.InitParams(m.Net, nn.NewRNG(1))
	return m
}

func input(n, size int) *nn.Tensor {
	x := nn.NewTensor(n, 3, size, size)
	rng := nn.NewRNG(2)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// Features(m, x, name) runs the forward pass up to the named layer. At
// 32×32 pool5 is 1×1 and avgpool spreads it over 7×7, as torchvision's
// AdaptiveAvgPool2d does, so fc6 still reads 32·7·7 values.
func TestFeatures(t *testing.T) {
	m := small(t)
	x := input(2, 32)
	for _, tc := range []struct {
		layer string
		shape []int
	}{
		{"conv1_1", []int{2, 4, 32, 32}},
		{"pool1", []int{2, 4, 16, 16}},
		{"conv3_2", []int{2, 16, 8, 8}},
		{"conv4_3", []int{2, 32, 4, 4}},
		{"pool5", []int{2, 32, 1, 1}},
		{"avgpool", []int{2, 32, 7, 7}},
		{"fc6", []int{2, 64}},
		{"fc7", []int{2, 64}},
		{"fc8", []int{2, 10}},
		{"features.21", []int{2, 32, 4, 4}}, // a module key: conv4_3 before its ReLU
	} {
		t.Run(tc.layer, func(t *testing.T) {
			y, err := Features(m, x, tc.layer)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(y.Shape) != fmt.Sprint(tc.shape) {
				t.Errorf("shape: got %v, want %v", y.Shape, tc.shape)
			}
		})
	}
}

// fc7, the context vector: the penultimate layer's output after relu7,
// so non-negative; fc8 is the whole network's output.
func TestFeaturesFC7(t *testing.T) {
	m := small(t)
	x := input(2, 32)
	fc7, err := Features(m, x, "fc7")
	if err != nil {
		t.Fatal(err)
	}
	fc7 = fc7.Clone()
	var positive int
	for _, v := range fc7.Data {
		if v < 0 {
			t.Fatalf("fc7 feature %v < 0: want the output after relu7", v)
		}
		if v > 0 {
			positive++
		}
	}
	if positive == 0 {
		t.Errorf("fc7 is all zeros: want a descriptor")
	}
	byKey, err := Features(m, x, "classifier.4")
	if err != nil {
		t.Fatal(err)
	}
	for i := range fc7.Data {
		if fc7.Data[i] != byKey.Data[i] {
			t.Fatalf("fc7[%d]: got %v, want %v (classifier.4, relu7)", i, fc7.Data[i], byKey.Data[i])
		}
	}
	fc8, err := Features(m, x, "fc8")
	if err != nil {
		t.Fatal(err)
	}
	fc8 = fc8.Clone()
	full, err := nn.Run(m.Net, nn.Eval, x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range full.Data {
		if fc8.Data[i] != full.Data[i] {
			t.Fatalf("fc8[%d]: got %v, want %v (nn.Run of the whole network)", i, fc8.Data[i], full.Data[i])
		}
	}
}

// Only the layers up to the requested one need weights: conv1_1 runs on a
// full-size vgg16 whose other 138 million parameters were never allocated.
func TestFeaturesPartialWeights(t *testing.T) {
	m, _ := Build("vgg16")
	nn.InitParams(nn.Find(m.Net, "features.0"), nn.NewRNG(3))
	y, err := Features(m, input(1, 32), "conv1_1")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(y.Shape) != "[1 64 32 32]" {
		t.Errorf("shape: got %v, want [1 64 32 32]", y.Shape)
	}
	if _, err := Features(m, input(1, 32), "conv1_2"); err == nil || !strings.Contains(err.Error(), "features.2.weight is not initialised") {
		t.Errorf("conv1_2 without weights: got %v, want an error naming features.2.weight", err)
	}
}

func TestFeaturesErrors(t *testing.T) {
	m, _ := Build("vgg16")
	for _, tc := range []struct {
		layer string
		x     *nn.Tensor
		want  string
	}{
		{"fc9", nn.NewTensor(1, 3, 32, 32), `vgg16: no layer "fc9"`},
		{"conv1_1", nn.NewTensor(1, 1, 32, 32), "features.0: expects 3 input channels, receives 1"},
		{"fc6", nn.NewTensor(1, 3, 16, 16), "vgg16: features.30: kernel 2 is larger than the padded input 1+2·0 = 1"},
		// 16 → 1 at pool4 fits: the shape check passes, the missing weights do not
		{"pool4", nn.NewTensor(1, 3, 16, 16), "vgg16: features.0.weight is not initialised"},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			_, err := Features(m, tc.x, tc.layer)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
