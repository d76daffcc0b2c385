package nn

import "fmt"

// The blocks below are shared by several chapters. Their children are
// named so that parameter keys equal torchvision 0.14's state_dict keys
// (nn/testdata/keys_*.txt, written by gen_keys.py, holds the reference
// lists; PyTorch's num_batches_tracked counters are not kept).

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

// shortcut builds the shortcut of a block from in to out channels at the
// given stride: nil (identity), a projection Seq "downsample" of "0"
// (1×1 conv, no bias) and, if bn, "1" (BatchNorm), or an option-A
// ZeroPadShortcut.
func shortcut(kind ShortcutKind, in, out, stride int, bn bool) Module {
	same := in == out && stride == 1
	switch {
	case kind == ShortcutC || (kind == ShortcutB && !same):
		ds := Seq("downsample", NewConv2D("0", in, out, 1, Stride(stride), NoBias()))
		if bn {
			ds.Append(NewBatchNorm2D("1", out))
		}
		return ds
	case kind == ShortcutA && !same:
		return NewZeroPadShortcut("downsample", in, out, stride)
	}
	return nil
}

// BasicBlock is the two-layer residual block of ResNet-18/34 (He et al.
// 2016 Fig. 5 left), post-activation: y = ReLU(shortcut(x) + bn2(conv2(ReLU(bn1(conv1(x)))))).
//
//	x: (N, in, H, W) → y: (N, out, ⌈H/stride⌉, ⌈W/stride⌉)
//	keys: conv1, bn1, conv2, bn2, downsample.0, downsample.1 (torchvision)
func BasicBlock(name string, in, out, stride int, kind ShortcutKind) *Residual {
	branch := Seq("",
		NewConv2D("conv1", in, out, 3, Stride(stride), Pad(1), NoBias()),
		NewBatchNorm2D("bn1", out),
		NewReLU("relu"),
		LaterInBranch(NewConv2D("conv2", out, out, 3, Pad(1), NoBias())),
		NewBatchNorm2D("bn2", out))
	return NewResidual(name, branch, shortcut(kind, in, out, stride, true), NewReLU("relu"))
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
func Bottleneck(name string, in, width, out, stride int, strideOn3x3 bool, groups int) *Residual {
	s1, s3 := stride, 1
	if strideOn3x3 {
		s1, s3 = 1, stride
	}
	branch := Seq("",
		NewConv2D("conv1", in, width, 1, Stride(s1), NoBias()),
		NewBatchNorm2D("bn1", width),
		NewReLU("relu"),
		LaterInBranch(NewConv2D("conv2", width, width, 3, Stride(s3), Pad(1), Groups(groups), NoBias())),
		NewBatchNorm2D("bn2", width),
		NewReLU("relu"),
		LaterInBranch(NewConv2D("conv3", width, out, 1, NoBias())),
		NewBatchNorm2D("bn3", out))
	return NewResidual(name, branch, shortcut(ShortcutB, in, out, stride, true), NewReLU("relu"))
}

// PreActOrder is one of the five arrangements of BN, ReLU and the
// addition that He et al. 2016b ("Identity Mappings in Deep Residual
// Networks") compare in Fig. 4 (CIFAR-10 errors of ResNet-110 in Table 2).
type PreActOrder int

const (
	PreActOriginal      PreActOrder = iota // (a) conv-BN-ReLU-conv-BN, add, ReLU
	PreActBNAfterAdd                       // (b) conv-BN-ReLU-conv, add, BN-ReLU
	PreActReLUBeforeAdd                    // (c) conv-BN-ReLU-conv-BN-ReLU, add
	PreActReLUOnly                         // (d) ReLU-conv-BN-ReLU-conv-BN, add
	PreActFull                             // (e) BN-ReLU-conv-BN-ReLU-conv, add
)

var preActNames = [...]string{"original", "BN after addition", "ReLU before addition", "ReLU-only pre-activation", "full pre-activation"}

func (o PreActOrder) String() string {
	if o < 0 || int(o) >= len(preActNames) {
		return fmt.Sprintf("PreActOrder(%d)", int(o))
	}
	return preActNames[o]
}

// PreActBlock is a two-layer residual block in one of the five orders
// of He et al. 2016b Fig. 4. In (c), (d) and (e) nothing follows the
// addition, so the identity path from block to block is clean; (e), full
// pre-activation, is the one the paper adopts.
//
// Layers are numbered in the order they run (bn1 is the first BN). When
// the shape changes the shortcut is a projection applied to x: 1×1 conv +
// BN for (a)–(c), a bare 1×1 conv for (d) and (e), whose next block starts
// with its own BN. kind chooses among options A, B and C as in BasicBlock.
//
//	x: (N, in, H, W) → y: (N, out, ⌈H/stride⌉, ⌈W/stride⌉)
func PreActBlock(name string, in, out, stride int, order PreActOrder, kind ShortcutKind) *Residual {
	conv1 := func() *Conv2D { return NewConv2D("conv1", in, out, 3, Stride(stride), Pad(1), NoBias()) }
	conv2 := func() *Conv2D { return LaterInBranch(NewConv2D("conv2", out, out, 3, Pad(1), NoBias())) }
	var branch *Sequential
	var after Module
	switch order {
	case PreActOriginal:
		branch = Seq("", conv1(), NewBatchNorm2D("bn1", out), NewReLU("relu1"), conv2(), NewBatchNorm2D("bn2", out))
		after = NewReLU("relu2")
	case PreActBNAfterAdd:
		branch = Seq("", conv1(), NewBatchNorm2D("bn1", out), NewReLU("relu1"), conv2())
		after = Seq("", NewBatchNorm2D("bn2", out), NewReLU("relu2"))
	case PreActReLUBeforeAdd:
		branch = Seq("", conv1(), NewBatchNorm2D("bn1", out), NewReLU("relu1"), conv2(), NewBatchNorm2D("bn2", out), NewReLU("relu2"))
	case PreActReLUOnly:
		branch = Seq("", NewReLU("relu1"), conv1(), NewBatchNorm2D("bn1", out), NewReLU("relu2"), conv2(), NewBatchNorm2D("bn2", out))
	case PreActFull:
		branch = Seq("", NewBatchNorm2D("bn1", in), NewReLU("relu1"), conv1(), NewBatchNorm2D("bn2", out), NewReLU("relu2"), conv2())
	default:
		panic(fmt.Sprintf("nn: %s: unknown PreActOrder %d", name, int(order)))
	}
	bn := order <= PreActReLUBeforeAdd
	return NewResidual(name, branch, shortcut(kind, in, out, stride, bn), after)
}

// InceptionOpts chooses between the paper's Inception module and
// torchvision's.
type InceptionOpts struct {
	// BN makes every conv torchvision's BasicConv2d: conv (no bias) +
	// BatchNorm (ε = 0.001) + ReLU, keys "conv", "bn". false is the paper
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

// convUnit is a conv with "same" padding followed by an optional BN and a
// ReLU, as a Seq with children conv, bn, relu (torchvision's BasicConv2d).
func convUnit(name string, in, out, k int, bn bool) *Sequential {
	if !bn {
		return Seq(name, NewConv2D("conv", in, out, k, Pad(k/2)), NewReLU("relu"))
	}
	b := NewBatchNorm2D("bn", out)
	b.Eps = 1e-3 // torchvision BasicConv2d: BatchNorm2d(out_channels, eps=0.001)
	return Seq(name, NewConv2D("conv", in, out, k, Pad(k/2), NoBias()), b, NewReLU("relu"))
}

// Inception is the module of GoogLeNet (Szegedy et al. 2015 Fig. 2b and
// Table 1's columns "#1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool
// proj"): four branches concatenated along channels.
//
//	branch1: 1×1 (c1)
//	branch2: 1×1 (c3r) → 3×3 (c3)
//	branch3: 1×1 (c5r) → 5×5 (c5)       (3×3 with opts.Branch3x3)
//	branch4: 3×3/1 max-pool, pad 1, ceil mode → 1×1 (pp)
//	x: (N, in, H, W) → y: (N, c1+c3+c5+pp, H, W)
func Inception(name string, in, c1, c3r, c3, c5r, c5, pp int, opts InceptionOpts) *Parallel {
	k5 := 5
	if opts.Branch3x3 {
		k5 = 3
	}
	return NewParallel(name, JoinConcat,
		convUnit("branch1", in, c1, 1, opts.BN),
		Seq("branch2", convUnit("0", in, c3r, 1, opts.BN), convUnit("1", c3r, c3, 3, opts.BN)),
		Seq("branch3", convUnit("0", in, c5r, 1, opts.BN), convUnit("1", c5r, c5, k5, opts.BN)),
		Seq("branch4", NewMaxPool2D("0", 3, Stride(1), Pad(1), CeilMode()), convUnit("1", in, pp, 1, opts.BN)))
}

// NaiveInception is Szegedy et al. 2015 Fig. 2a: 1×1, 3×3 and 5×5 convs
// (each + ReLU) and a 3×3 max-pool side by side, no reductions, so the
// output keeps all in channels of the pool and grows at every stage.
//
//	x: (N, in, H, W) → y: (N, c1+c3+c5+in, H, W)
func NaiveInception(name string, in, c1, c3, c5 int) *Parallel {
	return NewParallel(name, JoinConcat,
		convUnit("branch1", in, c1, 1, false),
		convUnit("branch2", in, c3, 3, false),
		convUnit("branch3", in, c5, 5, false),
		NewMaxPool2D("branch4", 3, Stride(1), Pad(1)))
}

// DenseLayer is DenseNet-BC's composite function (Huang et al. 2017
// §3: "BN-ReLU-Conv(1×1)-BN-ReLU-Conv(3×3)", the 1×1 producing
// bnSize·growth = 4k maps).
//
//	x: (N, in, H, W) → y: (N, growth, H, W)
//	keys: norm1, conv1, norm2, conv2 (torchvision _DenseLayer)
func DenseLayer(name string, in, growth, bnSize int) Module {
	return Seq(name,
		NewBatchNorm2D("norm1", in),
		NewReLU("relu1"),
		NewConv2D("conv1", in, bnSize*growth, 1, NoBias()),
		NewBatchNorm2D("norm2", bnSize*growth),
		NewReLU("relu2"),
		NewConv2D("conv2", bnSize*growth, growth, 3, Pad(1), NoBias()))
}

// DenseNetBlock is a DenseBlock of n DenseLayers named denselayer1…n, as
// torchvision's _DenseBlock.
//
//	x: (N, in, H, W) → y: (N, in + n·growth, H, W)
func DenseNetBlock(name string, n, in, growth, bnSize int) *DenseBlock {
	layers := make([]Module, n)
	for i := range layers {
		layers[i] = DenseLayer(fmt.Sprintf("denselayer%d", i+1), in+i*growth, growth, bnSize)
	}
	return NewDenseBlock(name, layers...)
}

// Transition sits between dense blocks (Huang et al. 2017 §3: "batch
// normalization layer and an 1×1 convolutional layer followed by a 2×2
// average pooling layer"); DenseNet-BC halves the channels here.
//
//	x: (N, in, H, W) → y: (N, out, H/2, W/2)
//	keys: norm, conv (torchvision _Transition)
func Transition(name string, in, out int) Module {
	return Seq(name,
		NewBatchNorm2D("norm", in),
		NewReLU("relu"),
		NewConv2D("conv", in, out, 1, NoBias()),
		NewAvgPool2D("pool", 2, Stride(2)))
}
