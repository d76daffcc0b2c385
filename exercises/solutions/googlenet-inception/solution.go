// Package googlenetinception is the reference solution of the exercise
// googlenet-inception, and its typical mistakes. Try the exercise before
// reading on: `book hint googlenet-inception` first.
package googlenetinception

import (
	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// conv is a convolution with "same" padding followed by its ReLU.
func conv(name string, in, out, k int) nn.Module {
	return nn.Seq(name, nn.NewConv2D("conv", in, out, k, nn.Pad(k/2)), nn.NewReLU("relu"))
}

// Inception3a: the 1×1 reductions shrink 192 channels to 96 and 16
// before the expensive 3×3 and 5×5, so the module costs 128M
// multiply-adds instead of the naive module's 303M (googlenet.NaiveInception
// with the same 64, 128 and 32 maps; its pool branch passes all 192
// channels on, so it also gives 416 channels instead of 256). The
// exercise's TestNaiveCost checks both.
func Inception3a() nn.Module {
	return nn.NewParallel("inception3a", nn.JoinConcat,
		conv("branch1", 192, 64, 1),
		nn.Seq("branch2", conv("0", 192, 96, 1), conv("1", 96, 128, 3)),
		nn.Seq("branch3", conv("0", 192, 16, 1), conv("1", 16, 32, 5)),
		nn.Seq("branch4", nn.NewMaxPool2D("0", 3, nn.Stride(1), nn.Pad(1)), conv("1", 192, 32, 1)))
}

type f = func() nn.Module

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Inception3a,
	Mistakes: []verify.Mistake[f]{
		{Name: "the naive module (no reductions)", Says: "this is the naive module", Answer: func() nn.Module {
			return googlenet.NaiveInception("naive", 192, 64, 128, 32)
		}},
		{Name: "no ReLUs", Says: "no ReLU ends this branch", Answer: func() nn.Module {
			return nn.NewParallel("inception3a", nn.JoinConcat,
				nn.NewConv2D("1x1", 192, 64, 1),
				nn.Seq("3x3", nn.NewConv2D("0", 192, 96, 1), nn.NewConv2D("1", 96, 128, 3, nn.Pad(1))),
				nn.Seq("5x5", nn.NewConv2D("0", 192, 16, 1), nn.NewConv2D("1", 16, 32, 5, nn.Pad(2))),
				nn.Seq("pool", nn.NewMaxPool2D("0", 3, nn.Stride(1), nn.Pad(1)), nn.NewConv2D("1", 192, 32, 1)))
		}},
		{Name: "branches in another order", Says: "in that order", Answer: func() nn.Module {
			p := Inception3a().(*nn.Parallel)
			p.Branches[2], p.Branches[3] = p.Branches[3], p.Branches[2]
			return p
		}},
	},
}
