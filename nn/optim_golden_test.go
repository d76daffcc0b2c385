package nn

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// optimGolden is testdata/optim_golden.json, written by
// testdata/gen_optim.py from torch 1.13 (see its header for the format).
type optimGolden struct {
	SGD []struct {
		Name        string      `json:"name"`
		LR          float64     `json:"lr"`
		Momentum    float64     `json:"momentum"`
		WeightDecay float64     `json:"weight_decay"`
		Nesterov    bool        `json:"nesterov"`
		Theta0      []float32   `json:"theta0"`
		Grads       [][]float32 `json:"grads"`
		Theta       [][]float64 `json:"theta"`
	} `json:"sgd"`
	Plateau []struct {
		Name      string    `json:"name"`
		LR        float64   `json:"lr"`
		Factor    float64   `json:"factor"`
		Patience  int       `json:"patience"`
		Threshold float64   `json:"threshold"`
		Cooldown  int       `json:"cooldown"`
		MinLR     float64   `json:"min_lr"`
		Metrics   []float64 `json:"metrics"`
		LRAfter   []float64 `json:"lr_after"`
	} `json:"plateau"`
	Step []struct {
		Name     string    `json:"name"`
		LR       float64   `json:"lr"`
		Gamma    float64   `json:"gamma"`
		StepSize int       `json:"step_size"`
		LRAt     []float64 `json:"lr_at"`
	} `json:"step"`
}

// optimTol: SGD runs in float32 element by element, as torch's
// single-tensor path; the few roundings per step (≈6e−8 each) stay far
// below 1e−6 of the largest parameter over six steps, while a
// misplaced term (decay added after momentum, Nesterov's look-ahead
// missing, the learning rate inside the buffer) moves θ by ≥ 1e−3.
const optimTol = 1e-6

// SGD, ReduceLROnPlateau and StepLR follow torch 1.13 step for step.
func TestOptimGolden(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "optim_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g optimGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.SGD) == 0 || len(g.Plateau) == 0 || len(g.Step) == 0 {
		t.Fatalf("optim_golden.json has %d SGD, %d plateau and %d step cases, want some of each", len(g.SGD), len(g.Plateau), len(g.Step))
	}
	for _, c := range g.SGD {
		t.Run("SGD/"+c.Name, func(t *testing.T) {
			w := newVec("weight", c.Theta0...)
			opt := NewSGD(&vecParam{Base{"m"}, []*Param{w}}, c.LR, c.Momentum, c.WeightDecay)
			opt.Nesterov = c.Nesterov
			for s, grad := range c.Grads {
				copy(w.Grad, grad)
				opt.Step()
				var d, m float64
				for i, want := range c.Theta[s] {
					d = max(d, math.Abs(float64(w.Data[i])-want))
					m = max(m, math.Abs(want))
				}
				if d > optimTol*m {
					t.Fatalf("step %d: max |θ − θ_torch| = %.3g > %g·max|θ| (θ got %v, want %v)", s+1, d, optimTol, w.Data, c.Theta[s])
				}
			}
		})
	}
	for _, c := range g.Plateau {
		t.Run("Plateau/"+c.Name, func(t *testing.T) {
			p := NewPlateau(c.LR, c.Factor, c.Patience)
			p.Threshold, p.Cooldown, p.MinLR = c.Threshold, c.Cooldown, c.MinLR
			for i, m := range c.Metrics {
				got, _ := p.Step(m)
				if want := c.LRAfter[i]; math.Abs(got-want) > 1e-12*want {
					t.Fatalf("epoch %d (metric %g): lr got %g, want %g (torch ReduceLROnPlateau)", i+1, m, got, want)
				}
			}
		})
	}
	for _, c := range g.Step {
		t.Run("StepLR/"+c.Name, func(t *testing.T) {
			s := StepDecay{LR: c.LR, Gamma: c.Gamma, Step: c.StepSize}
			for e, want := range c.LRAt {
				if got := s.At(e); math.Abs(got-want) > 1e-12*want {
					t.Fatalf("epoch %d: lr got %g, want %g (torch StepLR)", e, got, want)
				}
			}
		})
	}
}
