package denseblock_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/dense-block"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// built runs nn's DenseConcat of ReLU → 3×3 layers; reluAfter gives the
// typical mistake conv → ReLU, for the message.
func built(x []float32, ws [][]float32, c0, growth, h, w int, reluAfter bool) ([]float32, error) {
	var layers []nn.Module
	for l, wt := range ws {
		conv := nn.NewConv2D("conv", c0+l*growth, growth, 3, nn.Pad(1), nn.NoBias())
		conv.Weight.Data = slices.Clone(wt)
		if reluAfter {
			layers = append(layers, nn.Seq(fmt.Sprint(l), conv, nn.NewReLU("relu")))
		} else {
			layers = append(layers, nn.Seq(fmt.Sprint(l), nn.NewReLU("relu"), conv))
		}
	}
	y, err := nn.Run(nn.NewDenseConcat("block", layers...), nil, nn.FromData(slices.Clone(x), 1, c0, h, w))
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

func check(f func(x []float32, ws [][]float32, c0, growth, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2017, 4700)) // Huang et al., CVPR 2017, p. 4700
	for _, g := range [][5]int{{1, 1, 1, 3, 3}, {2, 3, 2, 4, 4}, {4, 2, 4, 3, 5}, {3, 4, 3, 5, 2}} {
		layers, c0, growth, h, w := g[0], g[1], g[2], g[3], g[4]
		x := random(rng, c0*h*w)
		ws := make([][]float32, layers)
		for l := range ws {
			ws[l] = random(rng, growth*(c0+l*growth)*9)
		}
		orig := slices.Concat(append([][]float32{x}, ws...)...)
		want, err := built(x, ws, c0, growth, h, w, false)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("%d layers, c0=%d, growth %d, %d×%d", layers, c0, growth, h, w)
		got := f(x, ws, c0, growth, h, w)
		if got == nil {
			return errors.New(name + ": DenseBlock returned nil")
		}
		if !slices.Equal(orig, slices.Concat(append([][]float32{x}, ws...)...)) {
			return errors.New(name + ": DenseBlock modified its arguments")
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s: got %d values, want (c0 + layers·growth)·h·w = (%d + %d·%d)·%d·%d = %d", name, len(got), c0, layers, growth, h, w, len(want))
		}
		if i := off(got, want); i >= 0 {
			hw := h * w
			why := ""
			if v, err := built(x, ws, c0, growth, h, w, true); err == nil && off(got, v) < 0 {
				why = ": this is the ReLU after the convolution: DenseNet's layers are pre-activation, (BN,) ReLU, then the convolution"
			} else if i < c0*hw && !slices.Equal(got[:c0*hw], x) {
				why = ": this is the new maps first: the block's input comes first, each layer's maps after it, in order"
			}
			return fmt.Errorf("%s: output channel %d, row %d, column %d: got %g, want %g%s", name, i/hw, i%hw/w, i%w, got[i], want[i], why)
		}
	}
	return nil
}

// banned: nn's layers would be the answer.
var banned = []verify.Ban{{Pkg: "github.com/cnnbook/cnnbook/nn", Why: "the exercise is the loops; nn.NewDenseConcat does them for you"}}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x []float32, ws [][]float32, c0, growth, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x []float32, ws [][]float32, c0, growth, h, w int) []float32]{Func: "DenseBlock", Yours: ex.DenseBlock, Check: check, Banned: banned, Ref: ref})
}
