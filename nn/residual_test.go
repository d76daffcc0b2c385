package nn

import (
	"math"
	"testing"
)

// mlpBranch is a small smooth branch on (N, in) vectors: Linear-Tanh-Linear.
func mlpBranch(in, out int) Module {
	return Seq("", NewLinear("fc1", in, 5), NewTanh("tanh"), NewLinear("fc2", 5, out))
}

func TestResidualGrad(t *testing.T) {
	x := randInput(1, 3, 6)
	for _, tc := range []struct {
		name  string
		build func() *Residual
		train bool
	}{
		{"identity", func() *Residual { return NewResidual("block", mlpBranch(6, 6), nil, NewTanh("after")) }, true},
		{"projection", func() *Residual {
			return NewResidual("block", mlpBranch(6, 4), NewLinear("proj", 6, 4), NewTanh("after"))
		}, true},
		{"stochastic depth eval (branch × 0.7)", func() *Residual {
			r := NewResidual("block", mlpBranch(6, 6), nil, nil)
			r.Survival = 0.7
			return r
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.build()
			initParams(r, 2)
			checkGrad(t, r, x, tc.train)
		})
	}
	// Training with stochastic depth: every evaluation gets an Rng seeded
	// the same way, so the keep/drop draw repeats; one seed that keeps the
	// branch, one that drops it.
	for _, wantDropped := range []bool{false, true} {
		r := NewResidual("block", mlpBranch(6, 6), nil, NewTanh("after"))
		r.Survival = 0.7
		initParams(r, 2)
		seed := uint64(0)
		for ; ; seed++ {
			r.Forward(&Ctx{Train: true, Rng: NewRNG(seed)}, x)
			if r.dropped == wantDropped {
				break
			}
		}
		t.Run(map[bool]string{false: "stochastic depth training, kept", true: "stochastic depth training, dropped"}[wantDropped], func(t *testing.T) {
			checkGrad(t, r, x, true, withCtx(func() *Ctx { return &Ctx{Train: true, Rng: NewRNG(seed)} }))
		})
	}
}

func TestZeroPadShortcut(t *testing.T) {
	// 1×2×3×3 → option A to 4 channels, stride 2: pixels (0,0), (0,2), (2,0), (2,2).
	x := FromData([]float32{
		1, 2, 3, 4, 5, 6, 7, 8, 9,
		10, 11, 12, 13, 14, 15, 16, 17, 18}, 1, 2, 3, 3)
	l := NewZeroPadShortcut("downsample", 2, 4, 2)
	y := l.Forward(Eval, x)
	want := []float32{1, 3, 7, 9, 10, 12, 16, 18, 0, 0, 0, 0, 0, 0, 0, 0}
	if !Shape(y.Shape).Equal(Shape{1, 4, 2, 2}) {
		t.Fatalf("shape got %v, want [1 4 2 2] (⌈3/2⌉ = 2)", y.Shape)
	}
	for i, w := range want {
		if y.Data[i] != w {
			t.Fatalf("y[%d] got %g, want %g (x[:, :, ::2, ::2] then zero channels)", i, y.Data[i], w)
		}
	}
	checkGrad(t, NewZeroPadShortcut("downsample", 3, 5, 2), randInput(2, 2, 3, 5, 4), true)
}

// Huang et al. 2016 §3: in training a dropped block is the identity
// (H_ℓ = id(H_{ℓ−1})) and a kept one is the full block; at test time
// (eq. 5) H_ℓ = ReLU(p_ℓ·f_ℓ(H_{ℓ−1}) + H_{ℓ−1}): the branch, not the
// identity, is scaled by its survival probability p_ℓ.
func TestStochasticDepth(t *testing.T) {
	const p = 0.6
	x := randInput(3, 2, 6)
	branch := mlpBranch(6, 6)
	initParams(branch, 4)
	fx := branch.Forward(Eval, x).Clone()
	r := NewResidual("block", branch, nil, nil)
	r.Survival = p

	var kept, dropped int
	rng := NewRNG(5)
	for trial := 0; trial < 10000; trial++ {
		y := r.Forward(&Ctx{Train: true, Rng: rng}, x)
		for i := range y.Data {
			want := x.Data[i] // dropped: exactly the identity
			if !r.dropped {
				want = x.Data[i] + fx.Data[i] // kept: exactly shortcut + branch
			}
			if y.Data[i] != want {
				t.Fatalf("trial %d (dropped=%v): y[%d] got %g, want %g exactly", trial, r.dropped, i, y.Data[i], want)
			}
		}
		if r.dropped {
			dropped++
		} else {
			kept++
		}
	}
	// Binomial(10000, 0.6): σ = 49; 5σ ≈ 245.
	if math.Abs(float64(kept)-p*10000) > 245 {
		t.Errorf("kept %d of 10000, want %g ± 245 (5σ)", kept, p*10000)
	}

	y := r.Forward(Eval, x)
	for i := range y.Data {
		if want := x.Data[i] + float32(p)*fx.Data[i]; y.Data[i] != want {
			t.Fatalf("eval y[%d] got %g, want x + %g·f(x) = %g", i, y.Data[i], p, want)
		}
	}

	// A dropped block's Backward passes dy straight through and leaves
	// the branch's gradients alone.
	for seed := uint64(0); ; seed++ {
		r.Forward(&Ctx{Train: true, Rng: NewRNG(seed)}, x)
		if r.dropped {
			break
		}
	}
	ZeroGrad(r)
	dy := randInput(6, 2, 6)
	dx := r.Backward(dy)
	for i := range dy.Data {
		if dx.Data[i] != dy.Data[i] {
			t.Fatalf("dropped block dx[%d] got %g, want dy = %g", i, dx.Data[i], dy.Data[i])
		}
	}
	for _, q := range AllParams(r) {
		if q.Grad != nil && (&Tensor{Data: q.Grad}).MaxAbs() != 0 {
			t.Errorf("dropped block: %s got a gradient, want none", q.Key)
		}
	}
}

func TestResidualSurvivalRange(t *testing.T) {
	r := NewResidual("block", mlpBranch(6, 6), nil, nil)
	r.Survival = 0
	if _, err := Analyze(r, Shape{6}); err == nil {
		t.Errorf("survival 0: got no error, want one")
	}
}
