package nn

import (
	"math"
	"testing"
)

func TestStepDecay(t *testing.T) {
	// torchvision's ImageNet recipe (references/classification/train.py
	// defaults: lr 0.1, lr-step-size 30, lr-gamma 0.1, 90 epochs).
	s := StepDecay{LR: 0.1, Gamma: 0.1, Step: 30}
	for _, tc := range []struct {
		epoch int
		want  float64
	}{{0, 0.1}, {29, 0.1}, {30, 0.01}, {59, 0.01}, {60, 0.001}, {90, 0.0001}} {
		if got := s.At(tc.epoch); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("epoch %d: got %g, want %g = 0.1·0.1^⌊%d/30⌋", tc.epoch, got, tc.want, tc.epoch)
		}
	}
}

// The learning rates below are what torch 1.13's ReduceLROnPlateau gives
// for the same metrics (printed after each scheduler.step(metric)).
func TestPlateauMatchesTorch(t *testing.T) {
	metrics := []float64{1.0, 0.9, 0.9, 0.89995, 0.9, 0.95, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6}
	for _, tc := range []struct {
		name string
		p    *Plateau
		want []float64
	}{
		{
			// 0.89995 is not better than 0.9: it would have to be below
			// 0.9·(1 − 1e−4) = 0.89991 (relative threshold).
			"factor 0.1 patience 2",
			NewPlateau(0.1, 0.1, 2),
			[]float64{0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.0001, 0.0001, 0.0001},
		},
		{
			"factor 0.5 patience 1 cooldown 2 min_lr 0.02",
			func() *Plateau { p := NewPlateau(0.1, 0.5, 1); p.Cooldown, p.MinLR = 2, 0.02; return p }(),
			[]float64{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, m := range metrics {
				got, _ := tc.p.Step(m)
				if math.Abs(got-tc.want[i]) > 1e-12 {
					t.Fatalf("epoch %d (metric %g): lr got %g, want %g (torch 1.13)", i+1, m, got, tc.want[i])
				}
			}
		})
	}
}
