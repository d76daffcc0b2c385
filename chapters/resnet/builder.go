package resnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Block builds block i (from 0) of stage s (from 0) of a ResNet-family
// network: named name, from in to out channels, at the given stride.
type Block func(name string, in, out, stride, stage, i int) nn.Module

// Spec is a network of the ResNet family: every one the book builds (the
// paper's ImageNet and CIFAR models and their plain twins here; the
// pre-activation, wide, ResNeXt and stochastic-depth ones in
// chapters/variants) is a stem, stages of blocks and a pooled classifier,
// and differs only in these fields.
type Spec struct {
	Name    string
	Input   nn.Shape    // (C, H, W) of one sample
	Stem    []nn.Module // before the first stage: conv1, bn1, relu, maxpool (ImageNet)
	StemOut int         // the stem's output channels
	Widths  []int       // each stage's output channels
	Blocks  []int       // each stage's number of blocks
	Block   Block       // the block: its kind, shortcut, stride placement, groups
	Head    []nn.Module // after the last stage, before the pool (pre-activation: bn, relu)
	Classes int         // outputs of the final fc
}

// Build assembles the spec with torchvision 0.14's module names:
//
//	stem → layer1 … layerK → head → avgpool (global) → fc
//
// where layerK holds blocks named 0, 1, …, and the first block of every
// stage but the first strides 2 (He et al. 2016 Table 1 caption:
// "Downsampling is performed by conv3_1, conv4_1, and conv5_1 with a stride
// of 2"; §4.2 for CIFAR: feature maps {32, 16, 8}).
func Build(s Spec) *nn.Model {
	net := nn.Seq(s.Name, s.Stem...)
	in := s.StemOut
	for stage, out := range s.Widths {
		layer := nn.Seq(fmt.Sprintf("layer%d", stage+1))
		for i := 0; i < s.Blocks[stage]; i++ {
			stride := 1
			if i == 0 && stage > 0 {
				stride = 2
			}
			layer.Append(s.Block(fmt.Sprint(i), in, out, stride, stage, i))
			in = out
		}
		net.Append(layer)
	}
	net.Append(s.Head...)
	net.Append(nn.NewGlobalAvgPool("avgpool"), nn.NewLinear("fc", in, s.Classes))
	return &nn.Model{Name: s.Name, Input: s.Input, Net: net}
}

// ImageNetStem is torchvision's ResNet stem (He et al. 2016 Table 1,
// conv1 and the max-pool of conv2_x): 7×7/2 conv, 64 channels, BN, ReLU,
// 3×3/2 max-pool.
func ImageNetStem() []nn.Module {
	return []nn.Module{
		nn.NewConv2D("conv1", 3, 64, 7, nn.Stride(2), nn.Pad(3), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", 64),
		nn.NewReLU("relu"),
		nn.NewMaxPool2D("maxpool", 3, nn.Stride(2), nn.Pad(1)),
	}
}
