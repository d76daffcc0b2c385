package googlenet

import "github.com/cnnbook/cnnbook/nn"

// InceptionOpts chooses between the paper's Inception module and
// torchvision's.
type InceptionOpts struct {
	// BN makes every conv torchvision's BasicConv2d (conv in googlenet.go):
	// conv (no bias) + BatchNorm (ε = 0.001) + ReLU, keys "conv", "bn". false is the paper
	// (Szegedy et al. 2015 §5: "All the convolutions, including those
	// inside the Inception modules, use rectified linear activation"):
	// conv with bias + ReLU, keys "conv".
	BN bool
	// Branch3x3 uses a 3×3 conv in the "5×5" branch, as torchvision's
	// googlenet does (a known bug kept for its pretrained weights,
	// pytorch/vision issue #906).
	Branch3x3 bool
}

// TorchvisionInception is the options that reproduce torchvision's googlenet.
func TorchvisionInception() InceptionOpts { return InceptionOpts{BN: true, Branch3x3: true} }

// Inception is the module of GoogLeNet (Szegedy et al. 2015 Fig. 2b and
// Table 1's columns "#1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool
// proj"): four branches concatenated along channels.
//
//	branch1: 1×1 (c1)
//	branch2: 1×1 (c3r) → 3×3 (c3)
//	branch3: 1×1 (c5r) → 5×5 (c5)       (3×3 with opts.Branch3x3)
//	branch4: 3×3/1 max-pool, pad 1, ceil mode → 1×1 (pp)
//	x: (N, in, H, W) → y: (N, c1+c3+c5+pp, H, W)
func Inception(name string, in, c1, c3r, c3, c5r, c5, pp int, opts InceptionOpts) *nn.Parallel {
	k5 := 5
	if opts.Branch3x3 {
		k5 = 3
	}
	return nn.NewParallel(name, nn.JoinConcat,
		conv("branch1", in, c1, 1, opts.BN),
		nn.Seq("branch2", conv("0", in, c3r, 1, opts.BN), conv("1", c3r, c3, 3, opts.BN)),
		nn.Seq("branch3", conv("0", in, c5r, 1, opts.BN), conv("1", c5r, c5, k5, opts.BN)),
		nn.Seq("branch4", nn.NewMaxPool2D("0", 3, nn.Stride(1), nn.Pad(1), nn.CeilMode()), conv("1", in, pp, 1, opts.BN)))
}

// NaiveInception is Szegedy et al. 2015 Fig. 2a: 1×1, 3×3 and 5×5 convs
// (each + ReLU) and a 3×3 max-pool side by side, no reductions, so the
// output keeps all in channels of the pool and grows at every stage.
//
//	x: (N, in, H, W) → y: (N, c1+c3+c5+in, H, W)
func NaiveInception(name string, in, c1, c3, c5 int) *nn.Parallel {
	return nn.NewParallel(name, nn.JoinConcat,
		conv("branch1", in, c1, 1, false),
		conv("branch2", in, c3, 3, false),
		conv("branch3", in, c5, 5, false),
		nn.NewMaxPool2D("branch4", 3, nn.Stride(1), nn.Pad(1)))
}
