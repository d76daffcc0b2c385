package pointwiseconv_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/pointwise-conv"
	"github.com/cnnbook/cnnbook/nn"
)

// conv1x1 runs nn's 1×1 convolution.
func conv1x1(x, w []float32, in, out, hw int) ([]float32, error) {
	c := nn.NewConv2D("1x1", in, out, 1, nn.NoBias())
	c.Weight.Data = slices.Clone(w)
	y, err := nn.Run(c, nil, nn.FromData(slices.Clone(x), 1, in, 1, hw))
	if err != nil {
		return nil, err
	}
	return y.Data, nil
}

func off(got, want []float32) int {
	for i := range want {
		if d := math.Abs(float64(got[i] - want[i])); !(d <= 1e-4*(1+math.Abs(float64(want[i])))) {
			return i
		}
	}
	return -1
}

func check(f func(x, w []float32, in, out, hw int) []float32) error {
	rng := rand.New(rand.NewPCG(2014, 4400)) // arXiv:1312.4400
	for _, g := range [][3]int{{1, 1, 1}, {3, 2, 4}, {2, 5, 3}, {6, 4, 9}, {16, 8, 5}} {
		in, out, hw := g[0], g[1], g[2]
		x, w := make([]float32, in*hw), make([]float32, out*in)
		for _, s := range [][]float32{x, w} {
			for i := range s {
				s[i] = float32(rng.NormFloat64())
			}
		}
		orig := slices.Concat(x, w)
		want, err := conv1x1(x, w, in, out, hw)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("in=%d out=%d hw=%d", in, out, hw)
		got := f(x, w, in, out, hw)
		if got == nil {
			return errors.New(name + ": Pointwise returned nil")
		}
		if !slices.Equal(orig, slices.Concat(x, w)) {
			return errors.New(name + ": Pointwise modified its arguments")
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s: got %d values, want out·hw = %d", name, len(got), len(want))
		}
		if i := off(got, want); i >= 0 {
			why := ""
			wt := make([]float32, len(w))
			for o := range out {
				for ch := range in {
					wt[o*in+ch] = w[ch*out+o]
				}
			}
			xt := make([]float32, len(x))
			for ch := range in {
				for q := range hw {
					xt[ch*hw+q] = x[q*in+ch]
				}
			}
			if v, err := conv1x1(x, wt, in, out, hw); err == nil && in > 1 && off(got, v) < 0 {
				why = ": this is W transposed: output o reads w[o·in + ch], a row of W"
			} else if v, err := conv1x1(xt, w, in, out, hw); err == nil && in > 1 && off(got, v) < 0 {
				why = ": this is x read pixel-first: nn's layout is channel-first, x[ch·hw + q]"
			}
			return fmt.Errorf("%s: y[%d][%d]: got %g, want %g%s", name, i/hw, i%hw, got[i], want[i], why)
		}
	}
	return nil
}

// banned: nn's convolution would be the answer.
var banned = []verify.Ban{{Pkg: "github.com/cnnbook/cnnbook/nn", Why: "the exercise is the loops; nn.Conv2D does them for you"}}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, w []float32, in, out, hw int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, w []float32, in, out, hw int) []float32]{Func: "Pointwise", Yours: ex.Pointwise, Check: check, Banned: banned, Ref: ref})
}
