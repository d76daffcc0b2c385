package inceptioncost_test

import (
	"fmt"
	"math"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/inception-cost"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// conv is a bias-free "same" convolution.
func conv(name string, a, b, k int) nn.Module {
	return nn.NewConv2D(name, a, b, k, nn.Pad(k/2), nn.NoBias())
}

// analyzed builds both modules from nn's layers and counts with
// nn.Analyze.
func analyzed(in, side, c1, c3r, c3, c5r, c5, pp int) (naive, reduced int64, err error) {
	pool := func() nn.Module { return nn.NewMaxPool2D("pool", 3, nn.Stride(1), nn.Pad(1)) }
	n := nn.NewParallel("naive", nn.JoinConcat, conv("1x1", in, c1, 1), conv("3x3", in, c3, 3), conv("5x5", in, c5, 5), pool())
	r := nn.NewParallel("reduced", nn.JoinConcat, conv("1x1", in, c1, 1),
		nn.Seq("b2", conv("reduce", in, c3r, 1), conv("3x3", c3r, c3, 3)),
		nn.Seq("b3", conv("reduce", in, c5r, 1), conv("5x5", c5r, c5, 5)),
		nn.Seq("b4", pool(), conv("proj", in, pp, 1)))
	shape := nn.Shape{in, side, side}
	rn, err := nn.Analyze(n, shape)
	if err != nil {
		return 0, 0, err
	}
	rr, err := nn.Analyze(r, shape)
	if err != nil {
		return 0, 0, err
	}
	return rn.MACs, rr.MACs, nil
}

func check(f func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64)) error {
	// Szegedy et al. 2015 Table 1: (3a), (4a), (5b); then small ones.
	for _, c := range [][8]int{
		{192, 28, 64, 96, 128, 16, 32, 32},
		{480, 14, 192, 96, 208, 16, 48, 64},
		{832, 7, 384, 192, 384, 48, 128, 128},
		{3, 5, 1, 2, 4, 1, 2, 3},
		{8, 1, 2, 2, 2, 2, 2, 2},
	} {
		wn, wr, err := analyzed(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
		if err != nil {
			return err
		}
		n, r := f(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
		if n != wn || r != wr {
			side2 := int64(c[1] * c[1])
			why := verify.Teach(r,
				verify.Known{Answer: wr - int64(c[0]*c[7])*side2, Says: "this is the reduced module without its pool projection: the pool's 1×1 to pp maps reads all in channels"},
				verify.Known{Answer: wr - int64(9*c[3]*c[4]+25*c[5]*c[6])*side2 + int64(9*c[0]*c[4]+25*c[0]*c[6])*side2, Says: "this is the 3×3 and 5×5 reading the in channels: after the reductions they read c3r and c5r"})
			return fmt.Errorf("Cost(in=%d, side=%d, c1=%d, c3r=%d, c3=%d, c5r=%d, c5=%d, pp=%d): got naive %s, reduced %s; want %s and %s%s",
				c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], nn.Comma(n), nn.Comma(r), nn.Comma(wn), nn.Comma(wr), why)
		}
	}
	// Table 1, inception (3a): "ops 128M" (biases add 0.3M).
	if _, r := f(192, 28, 64, 96, 128, 16, 32, 32); math.Round(float64(r)/1e6) != 128 {
		return fmt.Errorf("inception (3a): got %s, want about 128M (Szegedy et al. 2015 Table 1)", nn.Comma(r))
	}
	return nil
}

// banned: counting with nn.Analyze would be the answer.
var banned = []verify.Ban{
	{Pkg: "github.com/cnnbook/cnnbook/nn", Name: "Analyze", Why: "the exercise is the counting; nn.Analyze does it for you"},
	{Pkg: "github.com/cnnbook/cnnbook/chapters/googlenet", Why: "the chapter counts it for you"},
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64)]{Func: "Cost", Yours: ex.Cost, Check: check, Banned: banned, Ref: ref})
}
