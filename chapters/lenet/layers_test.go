package lenet

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
)

func randTensor(rng *rand.Rand, shape ...int) *nn.Tensor {
	x := nn.NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// Every layer of the chapter with a Backward meets nn's standard: the
// exported check (nntest.CheckGrad: finite differences in float64, the
// derived tolerance, the ×1.01 negative control), and TestMain fails if a
// layer's Backward escapes it.
func TestMain(m *testing.M) { nntest.Main(m, "github.com/cnnbook/cnnbook/chapters/lenet") }

func TestSubsamplingGradient(t *testing.T) {
	rng := nn.NewRNG(1)
	l := NewSubsampling("S2", 3)
	nn.InitParams(l, rng)
	nntest.CheckGrad(t, l, randTensor(rng, 2, 3, 5, 4), true) // odd height: the last row is left out
}

func TestSubsamplingForward(t *testing.T) {
	l := NewSubsampling("S2", 1)
	l.Weight.Data, l.Bias.Data = []float32{0.5}, []float32{1}
	x := nn.FromData([]float32{
		1, 2, 3, 4,
		5, 6, 7, 8,
	}, 1, 1, 2, 4)
	y := l.Forward(&nn.Ctx{}, x)
	// 0.5·(1+2+5+6) + 1 = 8, 0.5·(3+4+7+8) + 1 = 12
	if y.Data[0] != 8 || y.Data[1] != 12 {
		t.Errorf("got %v, want [8 12]", y.Data)
	}
}

func TestPartialConvGradient(t *testing.T) {
	rng := nn.NewRNG(2)
	l := NewPartialConv2D("C3", 3, 2, [][]int{{0}, {1, 2}, {0, 2}, {0, 1, 2}})
	nn.InitParams(l, rng)
	nntest.CheckGrad(t, l, randTensor(rng, 2, 3, 4, 3), true)
}

// TestPartialConvIsMaskedConv: with a full table the layer is an ordinary
// convolution; a partial table equals a full one whose missing kernels are zero.
func TestPartialConvIsMaskedConv(t *testing.T) {
	rng := nn.NewRNG(3)
	tab := C3Table()
	p := NewPartialConv2D("C3", 6, 5, tab)
	nn.InitParams(p, rng)
	// The same layer with every kernel present, the absent ones zero.
	full := make([][]int, 16)
	for o := range full {
		full[o] = []int{0, 1, 2, 3, 4, 5}
	}
	f := NewPartialConv2D("C3", 6, 5, full)
	f.Weight.Alloc()
	f.Bias.Alloc()
	copy(f.Bias.Data, p.Bias.Data)
	for o, maps := range tab {
		for t, m := range maps {
			copy(f.Weight.Data[(o*6+m)*25:(o*6+m+1)*25], p.Weight.Data[(p.first[o]+t)*25:(p.first[o]+t+1)*25])
		}
	}
	x := randTensor(rng, 1, 6, 14, 14)
	a, b := p.Forward(&nn.Ctx{}, x), f.Forward(&nn.Ctx{}, x)
	for i := range a.Data {
		if d := math.Abs(float64(a.Data[i] - b.Data[i])); d > 1e-5 {
			t.Fatalf("element %d: got %g, want %g (masked full convolution)", i, a.Data[i], b.Data[i])
		}
	}
}

func TestRBFGradient(t *testing.T) {
	rng := nn.NewRNG(4)
	l := NewRBF("OUTPUT", 6, 4)
	nn.InitParams(l, rng)
	nntest.CheckGrad(t, l, randTensor(rng, 3, 6), true) // input gradient only: the centres are frozen
	l.Weight.Frozen = false
	l.Weight.Grad = make([]float32, l.Weight.Size())
	nntest.CheckGrad(t, l, randTensor(rng, 3, 6), true) // and the centres' gradient when unfrozen
}

// TestRBFDigits: the output of a unit fed its own bitmap is 0, and the
// bitmaps are far apart (the paper wants centres "sufficiently different
// from each other").
func TestRBFDigits(t *testing.T) {
	l := NewRBF("OUTPUT", 84, 10)
	l.DrawDigits()
	x := nn.NewTensor(10, 84)
	copy(x.Data, l.Weight.Data)
	y := l.Forward(&nn.Ctx{}, x)
	minDist := float32(math.Inf(1))
	for d := 0; d < 10; d++ {
		for i := 0; i < 10; i++ {
			v := y.Data[d*10+i]
			if i == d && v != 0 {
				t.Errorf("digit %d: got distance %g to its own centre, want 0", d, v)
			}
			if i != d {
				minDist = min(minDist, v)
			}
		}
	}
	// Two ±1 bitmaps differing in k pixels are 4k apart: at least 4 pixels.
	if minDist < 16 {
		t.Errorf("closest pair of centres: got squared distance %g, want ≥ 16 (4 pixels)", minDist)
	}
}

// brokenSubsampling is S2 with a plausible Backward bug: the bias gradient
// accumulated twice.
type brokenSubsampling struct{ *Subsampling }

func (b brokenSubsampling) Backward(dy *nn.Tensor) *nn.Tensor {
	dx := b.Subsampling.Backward(dy)
	for c := range b.Bias.Grad {
		var s float32
		for n := 0; n < dy.Shape[0]; n++ {
			for _, v := range dy.Data[(n*dy.Shape[1]+c)*dy.Shape[2]*dy.Shape[3] : (n*dy.Shape[1]+c+1)*dy.Shape[2]*dy.Shape[3]] {
				s += v
			}
		}
		b.Bias.Grad[c] += s
	}
	return dx
}

// The exported check catches a chapter layer's broken Backward, and its
// negative control (the correct layer's gradients ×1.01) fails too: the
// tolerance sees a 1% error in every vector.
func TestGradCheckCatchesBrokenBackward(t *testing.T) {
	rng := nn.NewRNG(1)
	l := NewSubsampling("S2", 3)
	nn.InitParams(l, rng)
	x := randTensor(rng, 2, 3, 4, 4)
	rep := nntest.GradCheck(t, brokenSubsampling{l}, x, true)
	if rep.OK || rep.Worst != "bias" {
		t.Fatalf("a doubled bias gradient passed the check or was not blamed on bias: %s", rep)
	}
	t.Logf("broken Backward (bias gradient twice): %s", rep)
	nntest.RequireGradOK(t, l, x, true)
	nntest.RequireControlFails(t, l, x, true)
}
