package lenet

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// gradCheck compares m's Backward with central finite differences of the
// loss L = Σ r·m(x) for a fixed random r, for every input element and
// every trainable parameter element. float32 forward passes limit the
// agreement: with h = 1e-2 the difference quotient is good to about 1e-3
// relative, so the test allows 1e-2·max(1, |g|).
func gradCheck(t *testing.T, m nn.Module, x *nn.Tensor, rng *rand.Rand) {
	t.Helper()
	y := m.Forward(&nn.Ctx{}, x)
	r := nn.ZerosLike(y)
	for i := range r.Data {
		r.Data[i] = float32(rng.NormFloat64())
	}
	loss := func() float64 {
		y := m.Forward(&nn.Ctx{}, x)
		var s float64
		for i, v := range y.Data {
			s += float64(v) * float64(r.Data[i])
		}
		return s
	}
	nn.ZeroGrad(m)
	m.Forward(&nn.Ctx{}, x)
	dx := m.Backward(r)
	const h = 1e-2
	check := func(what string, i int, v []float32, analytic float32) {
		old := v[i]
		v[i] = old + h
		lp := loss()
		v[i] = old - h
		lm := loss()
		v[i] = old
		num := (lp - lm) / (2 * h)
		if math.Abs(num-float64(analytic)) > 1e-2*math.Max(1, math.Abs(num)) {
			t.Errorf("%s[%d]: got gradient %.5f, want %.5f (central difference, h=%g)", what, i, analytic, num, h)
		}
	}
	for i := range x.Data {
		check("dx", i, x.Data, dx.Data[i])
	}
	for _, p := range nn.AllParams(m) {
		if !p.Trainable() {
			continue
		}
		for i := range p.Data {
			check("d"+p.Key, i, p.Data, p.Grad[i])
		}
	}
}

func randTensor(rng *rand.Rand, shape ...int) *nn.Tensor {
	x := nn.NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

func TestSubsamplingGradient(t *testing.T) {
	rng := nn.NewRNG(1)
	l := NewSubsampling("S2", 3)
	nn.InitParams(l, rng)
	gradCheck(t, l, randTensor(rng, 2, 3, 5, 4), rng) // odd height: the last row is left out
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
	gradCheck(t, l, randTensor(rng, 2, 3, 4, 3), rng)
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
	gradCheck(t, l, randTensor(rng, 3, 6), rng) // input gradient only: the centres are frozen
	l.Weight.Frozen = false
	l.Weight.Grad = make([]float32, l.Weight.Size())
	gradCheck(t, l, randTensor(rng, 3, 6), rng) // and the centres' gradient when unfrozen
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
