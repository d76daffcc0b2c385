package resnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Arch is one column of He et al. 2016 Table 1.
type Arch struct {
	Depth      int     // weighted layers: 1 stem conv + blocks·(2 or 3) + 1 fc
	Bottleneck bool    // 1×1-3×3-1×1 blocks (50 layers and more) instead of 3×3-3×3
	Blocks     [4]int  // blocks in conv2_x … conv5_x
	FLOPs      float64 // Table 1 "FLOPs" row; the paper counts multiply-adds
}

// Table1 is He et al. 2016 Table 1: the stage sizes of the five ImageNet
// models and their "FLOPs" (1.8, 3.6, 3.8, 7.6, 11.3 ×10⁹).
var Table1 = []Arch{
	{18, false, [4]int{2, 2, 2, 2}, 1.8e9},
	{34, false, [4]int{3, 4, 6, 3}, 3.6e9},
	{50, true, [4]int{3, 4, 6, 3}, 3.8e9},
	{101, true, [4]int{3, 4, 23, 3}, 7.6e9},
	{152, true, [4]int{3, 8, 36, 3}, 11.3e9},
}

// ArchOf returns the Table 1 column of the given depth.
func ArchOf(depth int) (Arch, bool) {
	for _, a := range Table1 {
		if a.Depth == depth {
			return a, true
		}
	}
	return Arch{}, false
}

// StrideAt says where a strided bottleneck block puts its stride.
type StrideAt int

const (
	// StrideAt1x1 is the paper's placement (He et al. 2016 Table 1 caption:
	// "Downsampling is performed by conv3_1, conv4_1, and conv5_1 with a
	// stride of 2"; conv3_1 being the block's first layer, a 1×1 in a
	// bottleneck, as in the authors' released Caffe models).
	StrideAt1x1 StrideAt = iota
	// StrideAt3x3 is torchvision's "ResNet V1.5" placement, on the 3×3
	// convolution (torchvision/models/resnet.py, Bottleneck docstring).
	StrideAt3x3
)

// PaperNames maps the names of He et al. 2016 Table 1 to the module names
// of ImageNet's tree (torchvision 0.14's).
var PaperNames = []struct{ Paper, Module string }{
	{"conv1 (7×7, 64, stride 2)", "conv1"},
	{"conv1 (its BN)", "bn1"},
	{"3×3 max pool, stride 2", "maxpool"},
	{"conv2_x", "layer1"},
	{"conv3_x", "layer2"},
	{"conv4_x", "layer3"},
	{"conv5_x", "layer4"},
	{"average pool", "avgpool"},
	{"1000-d fc", "fc"},
}

// ImageNet builds the Table 1 network of the given depth (18, 34, 50, 101
// or 152) for 3×224×224 images; at selects the bottleneck's stride
// placement (ignored for 18 and 34, whose basic blocks have one place
// for it). The module tree is torchvision 0.14's ResNet:
//
//	conv1 7×7/2 → bn1 → relu → maxpool 3×3/2 → layer1 … layer4 → avgpool → fc
//
// with blocks named layerK.i. torchvision flattens between avgpool and fc
// with a function, not a module; nn.Linear reads the 2048×1×1 map as a
// vector, so no Flatten module appears and the keys stay torchvision's.
// Downsampling blocks use projection shortcuts (option B, §3.3).
func ImageNet(depth int, at StrideAt) *nn.Model {
	arch, ok := ArchOf(depth)
	if !ok {
		panic(fmt.Sprintf("resnet: no Table 1 network of depth %d (18, 34, 50, 101, 152)", depth))
	}
	name := fmt.Sprintf("resnet%d", depth)
	if arch.Bottleneck && at == StrideAt3x3 {
		name += "-tv"
	}
	widths := make([]int, len(arch.Blocks))
	for s := range widths {
		widths[s] = 64 << s // Table 1: 64, 128, 256, 512
		if arch.Bottleneck {
			widths[s] *= 4 // Table 1: 256, 512, 1024, 2048
		}
	}
	block := func(id string, in, out, stride, stage, _ int) nn.Module {
		if arch.Bottleneck {
			return Bottleneck(id, in, 64<<stage, out, stride, at == StrideAt3x3, 1)
		}
		return BasicBlock(id, in, out, stride, ShortcutB)
	}
	return Build(Spec{Name: name, Input: nn.Shape{3, 224, 224}, Stem: ImageNetStem(), StemOut: 64,
		Widths: widths, Blocks: arch.Blocks[:], Block: block, Classes: 1000})
}
