package bottleneckblock_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/bottleneck-block"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// built runs the block built from nn's layers; inner and shortcut off
// give the typical mistakes, for the message.
func built(x, w1, w2, w3 []float32, c, width, h, w int, inner, shortcut bool) ([]float32, error) {
	c1 := nn.NewConv2D("reduce", c, width, 1, nn.NoBias())
	c2 := nn.NewConv2D("conv", width, width, 3, nn.Pad(1), nn.NoBias())
	c3 := nn.NewConv2D("restore", width, c, 1, nn.NoBias())
	c1.Weight.Data, c2.Weight.Data, c3.Weight.Data = slices.Clone(w1), slices.Clone(w2), slices.Clone(w3)
	branch := nn.Seq("branch", c1, nn.NewReLU("relu1"), c2, nn.NewReLU("relu2"), c3)
	if !inner {
		branch = nn.Seq("branch", c1, c2, c3)
	}
	var m nn.Module = nn.NewResidual("block", branch, nil, nn.NewReLU("relu"))
	if !shortcut {
		m = nn.Seq("plain", branch, nn.NewReLU("relu"))
	}
	y, err := nn.Run(m, nil, nn.FromData(slices.Clone(x), 1, c, h, w))
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

func check(f func(x, w1, w2, w3 []float32, c, width, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2016, 775)) // He et al., CVPR 2016, p. 775 (Fig. 5)
	for _, g := range [][4]int{{4, 1, 3, 3}, {8, 2, 4, 5}, {16, 4, 6, 6}, {6, 3, 1, 7}} {
		c, width, h, w := g[0], g[1], g[2], g[3]
		x := random(rng, c*h*w)
		w1, w2, w3 := random(rng, width*c), random(rng, width*width*9), random(rng, c*width)
		orig := slices.Concat(x, w1, w2, w3)
		want, err := built(x, w1, w2, w3, c, width, h, w, true, true)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("c=%d width=%d %d×%d", c, width, h, w)
		got := f(x, w1, w2, w3, c, width, h, w)
		if got == nil {
			return errors.New(name + ": BottleneckForward returned nil")
		}
		if !slices.Equal(orig, slices.Concat(x, w1, w2, w3)) {
			return errors.New(name + ": BottleneckForward modified its arguments")
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s: got %d values, want c·h·w = %d", name, len(got), len(want))
		}
		if i := off(got, want); i >= 0 {
			why := ""
			for _, m := range []struct {
				inner, shortcut bool
				says            string
			}{
				{false, true, "this is the branch without its ReLUs: one follows the 1×1 reduce and one the 3×3"},
				{true, false, "this is a plain block, without the shortcut: add x back before the last ReLU"},
			} {
				if v, err := built(x, w1, w2, w3, c, width, h, w, m.inner, m.shortcut); err == nil && off(got, v) < 0 {
					why = ": " + m.says
				}
			}
			hw := h * w
			return fmt.Errorf("%s: y[%d][%d][%d]: got %g, want %g%s", name, i/hw, i%hw/w, i%w, got[i], want[i], why)
		}
	}
	return nil
}

// banned are the answers that call the block already written.
var banned = []verify.Ban{
	{Pkg: "github.com/cnnbook/cnnbook/nn", Why: "the exercise is the loops; nn's layers and blocks do them for you"},
	{Pkg: "github.com/cnnbook/cnnbook/chapters/resnet", Why: "the chapter's blocks compute it for you; write the loops"},
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, w1, w2, w3 []float32, c, width, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, w1, w2, w3 []float32, c, width, h, w int) []float32]{Func: "BottleneckForward", Yours: ex.BottleneckForward, Check: check, Banned: banned, Ref: ref})
}
