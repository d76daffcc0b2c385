package alexnet

import "github.com/cnnbook/cnnbook/nn"

// Torchvision is torchvision 0.14's AlexNet (torchvision/models/alexnet.py),
// which follows Krizhevsky's "One weird trick" single-tower variant
// (arXiv:1404.5997) rather than the 2012 paper: 64-192-384-256-256
// filters, conv1 padded by 2, no LRN, an adaptive 6×6 average pool so any
// input of at least 63×63 reaches fc6 with 9,216 values, and dropout
// before fc6 and fc7. Keys are torchvision's (features.0.weight,
// classifier.1.weight): TorchvisionNames maps them to the paper's names.
func Torchvision() *nn.Model {
	net := nn.Seq("alexnet-tv",
		nn.Seq("features",
			nn.NewConv2D("0", 3, 64, 11, nn.Stride(4), nn.Pad(2)), nn.NewReLU("1"),
			nn.NewMaxPool2D("2", 3, nn.Stride(2)),
			nn.NewConv2D("3", 64, 192, 5, nn.Pad(2)), nn.NewReLU("4"),
			nn.NewMaxPool2D("5", 3, nn.Stride(2)),
			nn.NewConv2D("6", 192, 384, 3, nn.Pad(1)), nn.NewReLU("7"),
			nn.NewConv2D("8", 384, 256, 3, nn.Pad(1)), nn.NewReLU("9"),
			nn.NewConv2D("10", 256, 256, 3, nn.Pad(1)), nn.NewReLU("11"),
			nn.NewMaxPool2D("12", 3, nn.Stride(2))),
		nn.NewAdaptiveAvgPool2D("avgpool", 6, 6),
		nn.NewFlatten("flatten"), // torch.flatten(x, 1) in forward: no module, no key
		nn.Seq("classifier",
			nn.NewDropout("0", 0.5), nn.NewLinear("1", 256*6*6, 4096), nn.NewReLU("2"),
			nn.NewDropout("3", 0.5), nn.NewLinear("4", 4096, 4096), nn.NewReLU("5"),
			nn.NewLinear("6", 4096, 1000)),
	)
	return &nn.Model{Name: "alexnet-tv", Input: nn.Shape{3, 224, 224}, Net: net}
}

// TorchvisionNames maps the paper's layer names to torchvision's module
// paths in Torchvision.
var TorchvisionNames = []struct{ Paper, Torchvision string }{
	{"conv1", "features.0"}, {"pool1", "features.2"},
	{"conv2", "features.3"}, {"pool2", "features.5"},
	{"conv3", "features.6"}, {"conv4", "features.8"}, {"conv5", "features.10"},
	{"pool5", "features.12"},
	{"fc6", "classifier.1"}, {"fc7", "classifier.4"}, {"fc8", "classifier.6"},
}
