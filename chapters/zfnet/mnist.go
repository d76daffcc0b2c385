package zfnet

import "github.com/cnnbook/cnnbook/nn"

// MNIST is the net of `book experiment visualise`: ZFNet's shape (Zeiler &
// Fergus 2014, Fig. 3) shrunk to MNIST. What is kept: ReLU after every
// convolution, overlapping 3×3 max-pools with stride 2 (ZFNet's pool1,
// pool2, pool5, in ceil mode), a first layer with larger filters than
// the rest, and widths that grow with depth. What is not: LRN (the
// deconvnet passes it through anyway), the fully connected layers
// (one linear classifier over the last pooled maps instead, so that the
// net trains in minutes on 2 cores), dropout.
//
//	conv1  16 5×5, pad 2    → 16×28×28   pool1 3×3/2 → 14×14
//	conv2  32 3×3, pad 1    → 32×14×14   pool2 3×3/2 → 7×7
//	conv3  48 3×3, pad 1    → 48×7×7
//	conv4  48 3×3, pad 1    → 48×7×7     pool4 3×3/2 → 3×3
//	fc5    432 → 10 (softmax)
func MNIST() *nn.Model {
	net := nn.Seq("zfnet-mnist",
		nn.NewConv2D("conv1", 1, 16, 5, nn.Pad(2)), nn.NewReLU("relu1"),
		nn.NewMaxPool2D("pool1", 3, nn.Stride(2), nn.CeilMode()),
		nn.NewConv2D("conv2", 16, 32, 3, nn.Pad(1)), nn.NewReLU("relu2"),
		nn.NewMaxPool2D("pool2", 3, nn.Stride(2), nn.CeilMode()),
		nn.NewConv2D("conv3", 32, 48, 3, nn.Pad(1)), nn.NewReLU("relu3"),
		nn.NewConv2D("conv4", 48, 48, 3, nn.Pad(1)), nn.NewReLU("relu4"),
		nn.NewMaxPool2D("pool4", 3, nn.Stride(2), nn.CeilMode()),
		nn.NewFlatten("flatten"),
		nn.NewLinear("fc5", 48*3*3, 10),
	)
	return &nn.Model{Name: "zfnet-mnist", Input: nn.Shape{1, 28, 28}, Net: net}
}
