package nn

import (
	"math"
	"testing"
)

func TestDropout(t *testing.T) {
	const p = 0.5 // AlexNet §4.2
	l := NewDropout("dropout", p)
	x := NewTensor(1, 100000)
	for i := range x.Data {
		x.Data[i] = 1
	}
	if y := l.Forward(Eval, x); y != x {
		t.Errorf("eval: got a new tensor, want the input itself (identity)")
	}
	y := l.Forward(&Ctx{Train: true, Rng: NewRNG(1)}, x)
	var zeros int
	var sum float64
	for _, v := range y.Data {
		switch v {
		case 0:
			zeros++
		case 2:
		default:
			t.Fatalf("training output %g: want 0 or 1/(1−p) = 2", v)
		}
		sum += float64(v)
	}
	// Binomial(100000, 0.5): σ = 158 zeros; 5σ ≈ 800.
	if math.Abs(float64(zeros)-50000) > 800 {
		t.Errorf("dropped %d of 100000, want 50000 ± 800 (5σ)", zeros)
	}
	// Inverted dropout keeps the expectation: mean ≈ 1 within 5σ = 5·1/√100000·1.
	if mean := sum / 1e5; math.Abs(mean-1) > 0.016 {
		t.Errorf("training mean got %.4f, want 1 ± 0.016 (inverted dropout keeps E[y] = x)", mean)
	}
	// The same seed gives the same mask.
	y2 := l.Forward(&Ctx{Train: true, Rng: NewRNG(1)}, x)
	for i := range y.Data {
		if y.Data[i] != y2.Data[i] {
			t.Fatalf("element %d: same seed gave %g then %g, want the same mask", i, y.Data[i], y2.Data[i])
		}
	}
}

// gradCheck re-seeds the Rng identically for every evaluation, so the
// mask is fixed and dropout is a linear map.
func TestDropoutGrad(t *testing.T) {
	x := randInput(1, 4, 50)
	t.Run("train", func(t *testing.T) { checkGrad(t, NewDropout("dropout", 0.3), x, true) })
	t.Run("eval", func(t *testing.T) { checkGrad(t, NewDropout("dropout", 0.3), x, false) })
}
