package separableconv_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/separable-conv"
	"github.com/cnnbook/cnnbook/nn"
)

// built runs nn's depthwise (m groups) and pointwise convolutions.
func built(x, dw, pw []float32, m, n, k, h, w int) ([]float32, error) {
	d := nn.NewConv2D("dw", m, m, k, nn.Pad(k/2), nn.Groups(m), nn.NoBias())
	p := nn.NewConv2D("pw", m, n, 1, nn.NoBias())
	d.Weight.Data, p.Weight.Data = slices.Clone(dw), slices.Clone(pw)
	y, err := nn.Run(nn.Seq("separable", d, p), nil, nn.FromData(slices.Clone(x), 1, m, h, w))
	if err != nil {
		return nil, err
	}
	return y.Data, nil
}

func random(rng *rand.Rand, n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.NormFloat64())
	}
	return d
}

func off(got, want []float32) int {
	for i := range want {
		if d := math.Abs(float64(got[i] - want[i])); !(d <= 1e-4*(1+math.Abs(float64(want[i])))) {
			return i
		}
	}
	return -1
}

func check(f func(x, dw, pw []float32, m, n, k, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2017, 4861)) // arXiv:1704.04861
	for _, g := range [][5]int{{1, 1, 3, 3, 3}, {3, 5, 3, 4, 6}, {4, 2, 5, 5, 5}, {8, 8, 3, 7, 2}, {2, 3, 1, 3, 3}} {
		m, n, k, h, w := g[0], g[1], g[2], g[3], g[4]
		x, dw, pw := random(rng, m*h*w), random(rng, m*k*k), random(rng, n*m)
		orig := slices.Concat(x, dw, pw)
		want, err := built(x, dw, pw, m, n, k, h, w)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("m=%d n=%d k=%d %d×%d", m, n, k, h, w)
		got := f(x, dw, pw, m, n, k, h, w)
		if got == nil {
			return errors.New(name + ": SeparableConv returned nil")
		}
		if !slices.Equal(orig, slices.Concat(x, dw, pw)) {
			return errors.New(name + ": SeparableConv modified its arguments")
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s: got %d values, want n·h·w = %d", name, len(got), len(want))
		}
		if i := off(got, want); i >= 0 {
			why := ""
			shared := slices.Clone(dw)
			for ch := range m {
				copy(shared[ch*k*k:], dw[:k*k])
			}
			transposed := make([]float32, len(pw))
			for o := range n {
				for ch := range m {
					transposed[o*m+ch] = pw[ch*n+o]
				}
			}
			if v, err := built(x, shared, pw, m, n, k, h, w); err == nil && m > 1 && off(got, v) < 0 {
				why = ": this is one depthwise filter shared by every channel: channel ch has its own, dw[ch·k² …]"
			} else if v, err := built(x, dw, transposed, m, n, k, h, w); err == nil && m > 1 && n > 1 && off(got, v) < 0 {
				why = ": this is the pointwise weights transposed: output o reads pw[o·m + ch]"
			}
			hw := h * w
			return fmt.Errorf("%s: y[%d][%d][%d]: got %g, want %g%s", name, i/hw, i%hw/w, i%w, got[i], want[i], why)
		}
	}
	return nil
}

// banned: nn's convolutions would be the answer.
var banned = []verify.Ban{{Pkg: "github.com/cnnbook/cnnbook/nn", Why: "the exercise is the loops; nn.Conv2D with nn.Groups does them for you"}}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, dw, pw []float32, m, n, k, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, dw, pw []float32, m, n, k, h, w int) []float32]{Func: "SeparableConv", Yours: ex.SeparableConv, Check: check, Banned: banned, Ref: ref})
}
