package googlenetinception_test

import "github.com/cnnbook/cnnbook/nn"

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// conv is a convolution with "same" padding followed by its ReLU.
func conv(name string, in, out, k int) nn.Module {
	return nn.Seq(name, nn.NewConv2D("conv", in, out, k, nn.Pad(k/2)), nn.NewReLU("relu"))
}

// solution: the 1×1 reductions shrink 192 channels to 96 and 16 before
// the expensive 3×3 and 5×5, so the module costs 128M multiply-adds
// instead of the naive module's 303M (nn.NaiveInception with the same
// 64, 128 and 32 maps; its pool branch passes all 192 channels on, so it
// also gives 416 channels instead of 256). TestNaiveCost checks both.
func solution() nn.Module {
	return nn.NewParallel("inception3a", nn.JoinConcat,
		conv("branch1", 192, 64, 1),
		nn.Seq("branch2", conv("0", 192, 96, 1), conv("1", 96, 128, 3)),
		nn.Seq("branch3", conv("0", 192, 16, 1), conv("1", 16, 32, 5)),
		nn.Seq("branch4", nn.NewMaxPool2D("0", 3, nn.Stride(1), nn.Pad(1)), conv("1", 192, 32, 1)))
}
