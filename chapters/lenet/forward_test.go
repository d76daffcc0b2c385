package lenet

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/nn"
)

// TestForward runs both models forward and backward on a batch of two
// 32×32 images.
func TestForward(t *testing.T) {
	for _, e := range Models() {
		t.Run(e.Name, func(t *testing.T) {
			m := e.Build()
			rng := nn.NewRNG(1)
			Init(m.Net, rng)
			x := randTensor(rng, 2, 1, 32, 32)
			y, err := nn.Run(m.Net, nn.Eval, x)
			require.NoError(t, err)
			assert.Equal(t, []int{2, 10}, y.Shape, "output shape")
			dy := nn.ZerosLike(y)
			for i := range dy.Data {
				dy.Data[i] = 1
			}
			dx := m.Net.Backward(dy)
			assert.Equal(t, x.Shape, dx.Shape, "input gradient shape")
			for _, p := range nn.AllParams(m.Net) {
				if p.Trainable() {
					assert.NotZero(t, maxAbs(p.Grad), "%s: no gradient reached it", p.Key)
				} else {
					assert.Nil(t, p.Grad, "%s is frozen: no gradient buffer", p.Key)
				}
			}
		})
	}
}

// TestLeNet1998Gradient checks the whole network's backward pass against
// central differences of L = Σ r·y on a few weights of every layer.
func TestLeNet1998Gradient(t *testing.T) {
	m := LeNet1998()
	rng := nn.NewRNG(2)
	Init(m.Net, rng)
	x := randTensor(rng, 1, 1, 32, 32)
	r := randTensor(rng, 1, 10)
	loss := func() float64 {
		y := m.Net.Forward(nn.Eval, x)
		var s float64
		for i, v := range y.Data {
			s += float64(v) * float64(r.Data[i])
		}
		return s
	}
	nn.ZeroGrad(m.Net)
	m.Net.Forward(nn.Eval, x)
	m.Net.Backward(r)
	params := map[string]*nn.Param{}
	for _, p := range nn.AllParams(m.Net) {
		params[p.Key] = p.Param
	}
	for _, tc := range []struct {
		key string
		i   int
	}{
		{"C1.weight", 12}, {"C1.bias", 3}, {"S2.weight", 2}, {"S2.bias", 5},
		{"C3.weight", 777}, {"C3.bias", 15}, {"S4.weight", 9}, {"C5.weight", 4321},
		{"F6.weight", 999}, {"F6.bias", 42},
	} {
		t.Run(tc.key, func(t *testing.T) {
			p := params[tc.key]
			const h = 1e-2
			old := p.Data[tc.i]
			p.Data[tc.i] = old + h
			lp := loss()
			p.Data[tc.i] = old - h
			lm := loss()
			p.Data[tc.i] = old
			num, got := (lp-lm)/(2*h), float64(p.Grad[tc.i])
			// float32 forward passes: agreement to 2e-2 of max(1, |g|).
			assert.InDelta(t, num, got, 2e-2*math.Max(1, math.Abs(num)), "d%s[%d]: got %.5f, want %.5f (central difference)", tc.key, tc.i, got, num)
		})
	}
}

func maxAbs(d []float32) float32 {
	var m float32
	for _, v := range d {
		m = max(m, v, -v)
	}
	return m
}
