package resnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// CIFARDepths are the residual networks of He et al. 2016 Table 6
// (n = 3, 5, 7, 9, 18, 200).
var CIFARDepths = []int{20, 32, 44, 56, 110, 1202}

// PlainDepths are the plain twins: one for every residual network of
// CIFARDepths. Fig. 6 (left) trains the plain 20, 32, 44 and 56; the
// 110- and 1202-layer twins complete the pairs of the degradation
// experiment (same layers, no shortcuts).
var PlainDepths = []int{20, 32, 44, 56, 110, 1202}

// CIFAR builds the CIFAR-10 network of He et al. 2016 §4.2 with 6n+2
// weighted layers for 3×32×32 images:
//
//	conv1 3×3, 16 → bn1 → relu
//	→ layer1: n blocks at 16 channels, 32×32
//	→ layer2: n blocks at 32 channels, 16×16 (the first block strides 2)
//	→ layer3: n blocks at 64 channels,  8×8
//	→ avgpool (global) → fc 10
//
// §4.2: "The first layer is 3×3 convolutions. Then we use a stack of 6n
// layers with 3×3 convolutions on the feature maps of sizes {32, 16, 8}
// respectively, with 2n layers for each feature map size. The numbers of
// filters are {16, 32, 64} respectively. ... The network ends with a
// global average pooling, a 10-way fully-connected layer, and softmax."
//
// With shortcuts, every block is residual with "identity shortcuts in all
// cases (i.e., option A)": where the block halves the map and doubles the
// channels, the shortcut subsamples and pads the new channels with zeros.
// Without, it is the plain twin: the same layers, the same parameters.
//
// The paper names no layers here; the tree borrows the ImageNet names
// (conv1, bn1, layerK.i.conv1, …, fc), as common PyTorch ports of these
// networks do, so a CIFAR key reads like a torchvision one.
func CIFAR(depth int, shortcuts bool) *nn.Model {
	if depth < 8 || (depth-2)%6 != 0 {
		panic(fmt.Sprintf("resnet: a CIFAR network has 6n+2 layers, not %d", depth))
	}
	n := (depth - 2) / 6
	name := fmt.Sprintf("resnet%d", depth)
	if !shortcuts {
		name = fmt.Sprintf("plain%d", depth)
	}
	block := func(id string, in, out, stride, _, _ int) nn.Module {
		if shortcuts {
			return BasicBlock(id, in, out, stride, ShortcutA)
		}
		return plainBlock(id, in, out, stride)
	}
	return Build(Spec{Name: name, Input: nn.Shape{3, 32, 32},
		Stem:    []nn.Module{nn.NewConv2D("conv1", 3, 16, 3, nn.Pad(1), nn.NoBias()), nn.NewBatchNorm2D("bn1", 16), nn.NewReLU("relu")},
		StemOut: 16, Widths: []int{16, 32, 64}, Blocks: []int{n, n, n}, Block: block, Classes: 10})
}

// plainBlock is a basic block without its shortcut: conv1 → bn1 → relu →
// conv2 → bn2 → relu, with the keys of the residual block it twins.
func plainBlock(name string, in, out, stride int) *nn.Sequential {
	return nn.Seq(name,
		nn.NewConv2D("conv1", in, out, 3, nn.Stride(stride), nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", out),
		nn.NewReLU("relu"),
		nn.LaterInBranch(nn.NewConv2D("conv2", out, out, 3, nn.Pad(1), nn.NoBias())),
		nn.NewBatchNorm2D("bn2", out),
		nn.NewReLU("relu2"))
}

// Table6Row is one ResNet row of He et al. 2016 Table 6 (CIFAR-10 test
// error), as printed: parameters in millions, error in percent (best of
// five runs; the paper adds mean±std for 110 layers: 6.61±0.16).
type Table6Row struct {
	Depth   int
	ParamsM float64 // "# params", rounded as printed
	Decimal int     // decimals printed for ParamsM
	Error   float64 // "error (%)"
}

// Table6 is He et al. 2016 Table 6, the ResNet rows.
var Table6 = []Table6Row{
	{20, 0.27, 2, 8.75},
	{32, 0.46, 2, 7.51},
	{44, 0.66, 2, 7.17},
	{56, 0.85, 2, 6.97},
	{110, 1.7, 1, 6.43},
	{1202, 19.4, 1, 7.93},
}

// Table6Of returns the Table 6 row of the given depth.
func Table6Of(depth int) Table6Row {
	for _, r := range Table6 {
		if r.Depth == depth {
			return r
		}
	}
	panic(fmt.Sprintf("resnet: no Table 6 row for depth %d", depth))
}
