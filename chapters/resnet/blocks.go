package resnet

import "github.com/cnnbook/cnnbook/nn"

// The blocks below are named so that parameter keys equal torchvision
// 0.14's state_dict keys (testdata/keys_*.txt, written by
// nn/testdata/gen_keys.py, holds the reference lists; PyTorch's
// num_batches_tracked counters are not kept).

// ShortcutKind selects the shortcut of a residual block, after He et al.
// 2016 §4.1: "(A) zero-padding shortcuts are used for increasing
// dimensions, and all shortcuts are parameter-free ...; (B) projection
// shortcuts are used for increasing dimensions, and other shortcuts are
// identity; and (C) all shortcuts are projections."
type ShortcutKind int

const (
	ShortcutB ShortcutKind = iota // identity when shapes match, else 1×1 conv + BN (torchvision)
	ShortcutA                     // identity when shapes match, else ZeroPadShortcut (parameter-free)
	ShortcutC                     // a 1×1 conv + BN projection on every block
)

// Shortcut builds the shortcut of a block from in to out channels at the
// given stride: nil (identity), a projection Seq "downsample" of "0"
// (1×1 conv, no bias) and, if bn, "1" (BatchNorm), or an option-A
// ZeroPadShortcut.
func Shortcut(kind ShortcutKind, in, out, stride int, bn bool) nn.Module {
	same := in == out && stride == 1
	switch {
	case kind == ShortcutC || (kind == ShortcutB && !same):
		ds := nn.Seq("downsample", nn.NewConv2D("0", in, out, 1, nn.Stride(stride), nn.NoBias()))
		if bn {
			ds.Append(nn.NewBatchNorm2D("1", out))
		}
		return ds
	case kind == ShortcutA && !same:
		return nn.NewZeroPadShortcut("downsample", in, out, stride)
	}
	return nil
}

// BasicBlock is the two-layer residual block of ResNet-18/34 (He et al.
// 2016 Fig. 5 left), post-activation: y = ReLU(shortcut(x) + bn2(conv2(ReLU(bn1(conv1(x)))))).
//
//	x: (N, in, H, W) → y: (N, out, ⌈H/stride⌉, ⌈W/stride⌉)
//	keys: conv1, bn1, conv2, bn2, downsample.0, downsample.1 (torchvision)
func BasicBlock(name string, in, out, stride int, kind ShortcutKind) *nn.Residual {
	branch := nn.Seq("",
		nn.NewConv2D("conv1", in, out, 3, nn.Stride(stride), nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", out),
		nn.NewReLU("relu"),
		nn.LaterInBranch(nn.NewConv2D("conv2", out, out, 3, nn.Pad(1), nn.NoBias())),
		nn.NewBatchNorm2D("bn2", out))
	return nn.NewResidual(name, branch, Shortcut(kind, in, out, stride, true), nn.NewReLU("relu"))
}

// Bottleneck is the three-layer residual block of ResNet-50/101/152 (He
// et al. 2016 Fig. 5 right): 1×1 reduces to width, 3×3 (in groups) works
// at width, 1×1 restores out channels. Option B shortcut.
//
// strideOn3x3 false puts the stride on the first 1×1, as the paper
// (Table 1: "Downsampling is performed by conv3_1, conv4_1, and conv5_1
// with a stride of 2", conv3_1 being the block's first 1×1); true puts it on the 3×3, as torchvision ("ResNet V1.5",
// which reads every input pixel). groups > 1 is ResNeXt's aggregated
// transform (Xie et al. 2017 Fig. 3c; resnext50_32x4d: groups 32, width
// 128 in layer1); a larger width with groups 1 is Wide ResNet
// (wide_resnet50_2: width = 2·64 in layer1).
//
//	x: (N, in, H, W) → y: (N, out, H/stride, W/stride)
//	keys: conv1, bn1, conv2, bn2, conv3, bn3, downsample.0, downsample.1
func Bottleneck(name string, in, width, out, stride int, strideOn3x3 bool, groups int) *nn.Residual {
	s1, s3 := stride, 1
	if strideOn3x3 {
		s1, s3 = 1, stride
	}
	branch := nn.Seq("",
		nn.NewConv2D("conv1", in, width, 1, nn.Stride(s1), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", width),
		nn.NewReLU("relu"),
		nn.LaterInBranch(nn.NewConv2D("conv2", width, width, 3, nn.Stride(s3), nn.Pad(1), nn.Groups(groups), nn.NoBias())),
		nn.NewBatchNorm2D("bn2", width),
		nn.NewReLU("relu"),
		nn.LaterInBranch(nn.NewConv2D("conv3", width, out, 1, nn.NoBias())),
		nn.NewBatchNorm2D("bn3", out))
	return nn.NewResidual(name, branch, Shortcut(ShortcutB, in, out, stride, true), nn.NewReLU("relu"))
}
