package nn

import "math"

// StepDecay is PyTorch's StepLR: the learning rate is multiplied by Gamma
// every Step epochs.
//
//	lr(epoch) = LR·Gamma^⌊epoch/Step⌋    (epoch counted from 0)
//
// He et al. 2016 §3.4 start at 0.1 and divide by 10 when the error
// plateaus; AlexNet §5 divides by 10 three times by hand.
type StepDecay struct {
	LR    float64
	Gamma float64
	Step  int
}

// At is the learning rate of the given epoch.
func (s StepDecay) At(epoch int) float64 {
	if s.Step <= 0 {
		panic("nn: StepDecay.Step must be positive")
	}
	return s.LR * math.Pow(s.Gamma, float64(epoch/s.Step))
}

// Plateau is PyTorch's ReduceLROnPlateau in mode "min" with a relative
// threshold: the automated form of AlexNet §5's "divide the learning rate
// by 10 when the validation error rate stopped improving with the current
// learning rate". After each epoch, Step(metric):
//
//	better  ⇔ metric < best·(1 − Threshold)        (threshold_mode "rel")
//	better: best = metric, bad = 0;  else bad++
//	in cooldown: cooldown−−, bad = 0
//	bad > Patience: lr' = max(lr·Factor, MinLR), applied if lr − lr' > Eps;
//	                cooldown = Cooldown, bad = 0
//
// best starts at +∞, so the first metric is always an improvement; a NaN
// metric is never better. PyTorch's defaults: factor 0.1, patience 10,
// threshold 1e−4, cooldown 0, min_lr 0, eps 1e−8.
type Plateau struct {
	LR        float64 // current learning rate
	Factor    float64
	Patience  int
	Threshold float64
	Cooldown  int
	MinLR     float64
	Eps       float64

	best        float64
	bad         int
	cooldownCtr int
}

// NewPlateau returns a reduce-on-plateau schedule starting at lr with
// PyTorch's defaults for everything but factor and patience.
func NewPlateau(lr, factor float64, patience int) *Plateau {
	return &Plateau{LR: lr, Factor: factor, Patience: patience, Threshold: 1e-4, Eps: 1e-8, best: math.Inf(1)}
}

// Step records one epoch's metric (lower is better) and returns the
// learning rate for the next epoch and whether it was just reduced.
func (p *Plateau) Step(metric float64) (lr float64, reduced bool) {
	if metric < p.best*(1-p.Threshold) {
		p.best, p.bad = metric, 0
	} else {
		p.bad++
	}
	if p.cooldownCtr > 0 {
		p.cooldownCtr--
		p.bad = 0
	}
	if p.bad > p.Patience {
		if nl := max(p.LR*p.Factor, p.MinLR); p.LR-nl > p.Eps {
			p.LR, reduced = nl, true
		}
		p.cooldownCtr, p.bad = p.Cooldown, 0
	}
	return p.LR, reduced
}

// Best is the lowest metric seen so far (+∞ before the first Step).
func (p *Plateau) Best() float64 { return p.best }
