package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// WRN builds the Wide ResNet WRN-depth-k for CIFAR (Zagoruyko & Komodakis,
// "Wide Residual Networks", BMVC 2016, Table 1): conv1 3×3 with 16
// filters, then three groups of N = (depth−4)/6 pre-activation units
// B(3,3) at 16k, 32k and 64k channels (on 32×32, 16×16, 8×8), BN-ReLU,
// global average pooling and a 10-way fc. k = 1 is a thin pre-activation
// ResNet; the width multiplies every filter count of the groups by k and
// leaves the depth alone. Units whose shape changes use a 1×1 projection
// and share their first BN-ReLU with it, as preActUnit (the authors' code,
// szagoruyko/wide-residual-networks, does the same). The dropout between
// the two convolutions that §2.3 adds in some runs holds no parameters
// and is left out.
//
// The name's depth follows the paper's rule N = (depth − 4)/6; the weighted
// layers on the longest path (nn.Analyze's depth) are conv1, the 6N
// convolutions of the units and fc, 6N + 2: the 1×1 projections lie on
// shorter paths.
func WRN(depth, k int) *nn.Model {
	if depth < 10 || (depth-4)%6 != 0 || k < 1 {
		panic(fmt.Sprintf("variants: WRN-%d-%d: the depth must be 6N+4 and k ≥ 1", depth, k))
	}
	name := fmt.Sprintf("wrn-%d-%d", depth, k)
	net := preActCIFAR(name, (depth-4)/6, [3]int{16 * k, 32 * k, 64 * k}, false, 10)
	return &nn.Model{Name: name, Input: nn.Shape{3, 32, 32}, Net: net}
}

// WRNTable lists the CIFAR Wide ResNets of Zagoruyko & Komodakis 2016
// Table 4 whose parameter counts the paper prints ("# params"), in millions.
var WRNTable = []struct {
	Depth, K int
	ParamsM  float64
}{
	{40, 4, 8.9},
	{16, 8, 11.0},
	{28, 10, 36.5},
}

// TorchvisionResNet builds torchvision 0.14's ResNet with bottleneck
// blocks (models/resnet.py) for 3×224×224 images, with its module names:
//
//	conv1 7×7/2 → bn1 → relu → maxpool 3×3/2 → layer1 … layer4 → avgpool → fc
//
// blocks per stage as given ([3, 4, 6, 3] for 50 layers), and torchvision's
// width rule for the bottleneck of a stage with planes p (64, 128, 256, 512):
//
//	width = ⌊p·widthPerGroup/64⌋·groups,  output = 4p
//
// so groups = 1, widthPerGroup = 64 is resnet50 (v1.5: stride on the 3×3),
// groups = 32, widthPerGroup = 4 is resnext50_32x4d, and groups = 1,
// widthPerGroup = 128 is wide_resnet50_2 (every bottleneck twice as wide,
// the outputs unchanged).
func TorchvisionResNet(name string, blocks [4]int, groups, widthPerGroup int) *nn.Model {
	widths := make([]int, len(blocks))
	for s := range widths {
		widths[s] = 4 * (64 << s) // output = 4p
	}
	block := func(id string, in, out, stride, stage, _ int) nn.Module {
		planes := 64 << stage
		return resnet.Bottleneck(id, in, planes*widthPerGroup/64*groups, out, stride, true, groups)
	}
	return resnet.Build(resnet.Spec{Name: name, Input: nn.Shape{3, 224, 224}, Stem: resnet.ImageNetStem(), StemOut: 64,
		Widths: widths, Blocks: blocks[:], Block: block, Classes: 1000})
}

// WideResNet50 is torchvision's wide_resnet50_2 (Zagoruyko & Komodakis
// 2016 applied to ResNet-50: the 3×3 of every bottleneck twice as wide).
func WideResNet50() *nn.Model {
	return TorchvisionResNet("wide_resnet50_2", [4]int{3, 4, 6, 3}, 1, 128)
}
