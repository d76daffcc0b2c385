package zfnet

import "github.com/cnnbook/cnnbook/nn"

// Models returns the chapter's models.
func Models() []nn.Entry {
	return []nn.Entry{
		{Name: "zfnet", Doc: "ZFNet as Fig. 3 of Zeiler & Fergus 2014 draws it: conv1 7×7/2, one tower, 3×224×224", Build: ZFNet},
		{Name: "zfnet-512", Doc: "ZFNet with conv3–conv5 of 512, 1024, 512 maps (Zeiler & Fergus 2014, Table 3), 3×224×224", Build: ZFNet512},
	}
}

// ZFNet is the network of Zeiler & Fergus, "Visualizing and Understanding
// Convolutional Networks" (ECCV 2014), Fig. 3: AlexNet with the first
// layer changed after visualising it (§4.1: 11×11 filters with stride 4
// became 7×7 with stride 2) and no towers ("the sparse connections used in
// Krizhevsky's layers 3,4,5 ... are replaced with dense connections", §3).
//
//	layer   Fig. 3                                   here
//	conv1   96 7×7 filters, stride 2 → 110×110       pad 1: (224+2−7)/2+1 = 110.5 → 110
//	pool1   3×3 max, stride 2 → 55×55                ceil mode: (110−3)/2+1 = 54.5 → 55
//	norm1   contrast normalised across maps          LRN (after the pool, Fig. 3's order)
//	conv2   256 5×5 filters, stride 2 → 26×26        pad 0: (55−5)/2+1 = 26
//	pool2   3×3 max, stride 2 → 13×13                ceil mode: (26−3)/2+1 = 12.5 → 13
//	norm2   contrast normalised                      LRN
//	conv3   384 3×3 → 13×13                          pad 1
//	conv4   384 3×3 → 13×13                          pad 1
//	conv5   256 3×3 → 13×13                          pad 1
//	pool5   3×3 max, stride 2 → 6×6                  (13−3)/2+1 = 6 (ceil mode changes nothing)
//	fc6, fc7  4096 units; fc8  1000-way softmax      dropout 0.5 after fc6 and fc7 (§3)
//
// The figure gives the output sizes but not the paddings or the rounding;
// those here are the ones that reproduce every size (TestFigure3 shows the
// alternatives miss). The paper does not give the normalisation's
// constants; AlexNet's (k=2, n=5, α=1e−4, β=0.75) are used.
func ZFNet() *nn.Model { return build("zfnet", [3]int{384, 384, 256}) }

// ZFNet512 is ZFNet with wider conv3–conv5, the variant of the paper's
// Table 3 ("layers 3,4,5: 512, 1024, 512 maps").
func ZFNet512() *nn.Model { return build("zfnet-512", [3]int{512, 1024, 512}) }

func build(name string, c [3]int) *nn.Model {
	net := nn.Seq(name,
		nn.NewConv2D("conv1", 3, 96, 7, nn.Stride(2), nn.Pad(1)), nn.NewReLU("relu1"),
		nn.NewMaxPool2D("pool1", 3, nn.Stride(2), nn.CeilMode()), nn.NewLRN("norm1"),
		nn.NewConv2D("conv2", 96, 256, 5, nn.Stride(2)), nn.NewReLU("relu2"),
		nn.NewMaxPool2D("pool2", 3, nn.Stride(2), nn.CeilMode()), nn.NewLRN("norm2"),
		nn.NewConv2D("conv3", 256, c[0], 3, nn.Pad(1)), nn.NewReLU("relu3"),
		nn.NewConv2D("conv4", c[0], c[1], 3, nn.Pad(1)), nn.NewReLU("relu4"),
		nn.NewConv2D("conv5", c[1], c[2], 3, nn.Pad(1)), nn.NewReLU("relu5"),
		nn.NewMaxPool2D("pool5", 3, nn.Stride(2), nn.CeilMode()),
		nn.NewFlatten("flatten"),
		nn.NewLinear("fc6", c[2]*6*6, 4096), nn.NewReLU("relu6"), nn.NewDropout("drop6", 0.5),
		nn.NewLinear("fc7", 4096, 4096), nn.NewReLU("relu7"), nn.NewDropout("drop7", 0.5),
		nn.NewLinear("fc8", 4096, 1000),
	)
	// §3: "All weights are initialized to 10^-2 and biases are set to 0",
	// read as AlexNet's N(0, 0.01²): a constant would make every filter of
	// a layer the same and keep them so.
	for _, p := range nn.AllParams(net) {
		if p.Name == "weight" {
			p.Init, p.Scale = nn.InitNormal, 1e-2
		}
	}
	return &nn.Model{Name: name, Input: nn.Shape{3, 224, 224}, Net: net}
}
