package lrnforward_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/lrn-forward"
	"github.com/cnnbook/cnnbook/nn"
)

// variant is nn's LRN with the paper's window and constants, α and β
// replaced: the typical mistakes, for the message.
func variant(a []float32, c, h, w int, alpha, beta float64) ([]float32, error) {
	l := nn.NewLRN("norm")
	l.Alpha, l.Beta = alpha, beta
	y, err := nn.Run(l, nil, nn.FromData(slices.Clone(a), 1, c, h, w))
	if err != nil {
		return nil, err
	}
	return y.Data, nil
}

func near(got, want []float32) int {
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-5*(1+math.Abs(float64(want[i]))) {
			return i
		}
	}
	return -1
}

func check(f func(a []float32, c, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2012, 1097)) // Krizhevsky et al., NIPS 2012, p. 1097
	// AlexNet normalises conv1 (96 maps) and conv2 (256); fewer channels
	// here, and activations as large as after a ReLU (σ = 40), so that
	// α·Σa² is not negligible next to k.
	for _, g := range [][3]int{{1, 2, 2}, {3, 3, 2}, {7, 4, 4}, {12, 5, 3}} {
		c, h, w := g[0], g[1], g[2]
		a := make([]float32, c*h*w)
		for i := range a {
			a[i] = float32(math.Abs(rng.NormFloat64()) * 40)
		}
		want, err := variant(a, c, h, w, 1e-4, 0.75) // nn.NewLRN: the paper's constants
		if err != nil {
			return err
		}
		name := fmt.Sprintf("c=%d %d×%d", c, h, w)
		orig := slices.Clone(a)
		got := f(a, c, h, w)
		if got == nil {
			return errors.New(name + ": LRN returned nil")
		}
		if !slices.Equal(a, orig) {
			return errors.New(name + ": LRN modified a")
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s: got %d values, want %d", name, len(got), len(want))
		}
		if i := near(got, want); i >= 0 {
			why := ""
			for _, m := range []struct {
				alpha, beta float64
				says        string
			}{
				{1e-4 / 5, 0.75, "this is PyTorch's α/n: the paper multiplies the sum by α itself (nn.NewLocalResponseNorm is PyTorch's form)"},
				{1e-4, 1, "this is without the exponent β: the denominator is raised to β = 0.75"},
			} {
				if v, err := variant(a, c, h, w, m.alpha, m.beta); err == nil && near(got, v) < 0 {
					why = ": " + m.says
				}
			}
			hw := h * w
			return fmt.Errorf("%s: b[%d][%d][%d]: got %g, want %g%s", name, i/hw, i%hw/w, i%w, got[i], want[i], why)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(a []float32, c, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(a []float32, c, h, w int) []float32]{Func: "LRN", Yours: ex.LRN, Check: check, Ref: ref})
}
