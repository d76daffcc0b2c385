package variants

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// Order is one of the five arrangements of He et al. 2016b ("Identity
// Mappings in Deep Residual Networks") Fig. 4, with the CIFAR-10 test
// error of ResNet-110 built from it (Table 2).
type Order struct {
	Order  PreActOrder
	Label  string  // the caption of Fig. 4
	Branch string  // the residual branch, as the figure draws it
	After  string  // what follows the addition ("" : nothing)
	Error  float64 // Table 2, ResNet-110 on CIFAR-10, %
	Error2 float64 // Table 2, ResNet-164, %
}

// FigureFour is He et al. 2016b Fig. 4 (a)–(e) and Table 2 ("Classification
// error (%) on the CIFAR-10 test set using different activation
// functions"; ResNet-110 and ResNet-164 columns).
var FigureFour = []Order{
	{PreActOriginal, "(a) original", "conv-BN-ReLU-conv-BN", "ReLU", 6.61, 5.93},
	{PreActBNAfterAdd, "(b) BN after addition", "conv-BN-ReLU-conv", "BN-ReLU", 8.17, 6.50},
	{PreActReLUBeforeAdd, "(c) ReLU before addition", "conv-BN-ReLU-conv-BN-ReLU", "", 7.84, 6.14},
	{PreActReLUOnly, "(d) ReLU-only pre-activation", "ReLU-conv-BN-ReLU-conv-BN", "", 6.71, 5.91},
	{PreActFull, "(e) full pre-activation", "BN-ReLU-conv-BN-ReLU-conv", "", 6.37, 5.46},
}

// Ordering reads the order of a residual block off its module tree: the
// leaf types of its branch and of what follows the addition, abbreviated
// as the paper writes them ("BN-ReLU-conv-BN-ReLU-conv", "").
func Ordering(b *nn.Residual) (branch, after string) {
	return leafSeq(b.Branch), leafSeq(b.After)
}

// leafSeq is the dash-joined sequence of m's leaves ("" for nil).
func leafSeq(m nn.Module) string {
	if m == nil {
		return ""
	}
	var parts []string
	nn.Walk(m, func(_ string, l nn.Module) {
		if len(l.Children()) > 0 {
			return
		}
		switch l.(type) {
		case *nn.Conv2D:
			parts = append(parts, "conv")
		case *nn.BatchNorm2D:
			parts = append(parts, "BN")
		case *nn.Activation:
			parts = append(parts, "ReLU")
		default:
			parts = append(parts, fmt.Sprintf("%T", l))
		}
	})
	return strings.Join(parts, "-")
}

// IdentityIsClean reports whether a block's output is exactly its input
// when its branch outputs zero: nothing sits between the addition and the
// next block. It zeroes the last layer of the branch (the scale and shift
// of a final BN, or the weights of a final conv), runs the block on x in
// eval and returns the largest |y − x|. Blocks (c)–(e) give 0; (a) and (b)
// clip or renormalise x, and the signal from block to block is no longer
// the identity (He et al. 2016b §3, §4.1). The block's tensors must be
// allocated; they are modified.
func IdentityIsClean(b *nn.Residual, x *nn.Tensor) float64 {
	var last nn.Module
	nn.Walk(b.Branch, func(_ string, l nn.Module) {
		if len(l.Params()) > 0 {
			last = l
		}
	})
	for _, p := range last.Params() {
		if !p.Buffer {
			clear(p.Data)
		}
	}
	return maxDiff(b.Forward(nn.Eval, x), x)
}

// CleanProbe is the measurement the chapter and the ledger print for one
// order of Fig. 4: a block of 8 channels with its parameters drawn from
// seed 1, its branch silenced, fed a batch of two 8×4×4 standard normal
// inputs drawn from seed 2; the largest change the block makes to its
// input (IdentityIsClean).
func CleanProbe(o PreActOrder) float64 {
	b := PreActBlock("block", 8, 8, 1, o, resnet.ShortcutB)
	nn.InitParams(b, nn.NewRNG(1))
	x := nn.NewTensor(2, 8, 4, 4)
	rng := nn.NewRNG(2)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return IdentityIsClean(b, x)
}

// preActUnit is the two-layer full pre-activation unit of He et al. 2016b
// in the form its networks use. A unit whose shape changes (projection
// shortcut) or that follows the stand-alone conv1 (first) runs its first
// BN-ReLU before the split, so the shortcut sees the activated input too
// (appendix: "for the first Residual Unit (that follows a stand-alone
// convolutional layer, conv1), we adopt the first activation right after
// conv1 and before splitting into two paths"; the authors' released code,
// KaimingHe/resnet-1k-layers, shares "common BN, ReLU" the same way in
// every unit that increases dimensions). Every other unit is
// PreActBlock(…, PreActFull, …). Both have the keys bn1, conv1,
// bn2, conv2, downsample.0.
func preActUnit(name string, in, out, stride int, first bool) nn.Module {
	same := in == out && stride == 1
	if same && !first {
		return PreActBlock(name, in, out, 1, PreActFull, resnet.ShortcutB)
	}
	branch := nn.Seq("",
		nn.NewConv2D("conv1", in, out, 3, nn.Stride(stride), nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn2", out),
		nn.NewReLU("relu2"),
		nn.LaterInBranch(nn.NewConv2D("conv2", out, out, 3, nn.Pad(1), nn.NoBias())))
	return nn.Seq(name,
		nn.NewBatchNorm2D("bn1", in),
		nn.NewReLU("relu1"),
		nn.NewResidual("", branch, projection(in, out, stride), nil))
}

// preActBottleneck is the three-layer unit of ResNet-164 and ResNet-1001
// (He et al. 2016b §4.2 and appendix; the released code): BN-ReLU-1×1
// (out/4) - BN-ReLU-3×3 - BN-ReLU-1×1 (out), the stride on the first 1×1,
// the first BN-ReLU shared with the 1×1 projection when the shape changes.
//
//	keys: bn1, conv1, bn2, conv2, bn3, conv3, downsample.0
func preActBottleneck(name string, in, out, stride int) nn.Module {
	w := out / 4
	tail := []nn.Module{
		nn.NewConv2D("conv1", in, w, 1, nn.Stride(stride), nn.NoBias()),
		nn.NewBatchNorm2D("bn2", w),
		nn.NewReLU("relu2"),
		nn.LaterInBranch(nn.NewConv2D("conv2", w, w, 3, nn.Pad(1), nn.NoBias())),
		nn.NewBatchNorm2D("bn3", w),
		nn.NewReLU("relu3"),
		nn.LaterInBranch(nn.NewConv2D("conv3", w, out, 1, nn.NoBias())),
	}
	if in == out && stride == 1 {
		branch := nn.Seq("", append([]nn.Module{nn.NewBatchNorm2D("bn1", in), nn.NewReLU("relu1")}, tail...)...)
		return nn.NewResidual(name, branch, nil, nil)
	}
	return nn.Seq(name,
		nn.NewBatchNorm2D("bn1", in),
		nn.NewReLU("relu1"),
		nn.NewResidual("", nn.Seq("", tail...), projection(in, out, stride), nil))
}

// projection is the bare 1×1 shortcut of a pre-activation unit whose shape
// changes (nil when it does not): the next unit starts with its own BN.
func projection(in, out, stride int) nn.Module {
	if in == out && stride == 1 {
		return nil
	}
	return nn.Seq("downsample", nn.NewConv2D("0", in, out, 1, nn.Stride(stride), nn.NoBias()))
}

// preActCIFAR assembles a full pre-activation CIFAR network for 3×32×32
// images:
//
//	conv1 3×3, 16 → layer1 (32×32) → layer2 (16×16) → layer3 (8×8)
//	→ bn → relu → avgpool (global) → fc classes
//
// with n units per stage at the given output widths, the first unit of
// layer2 and layer3 striding 2. There is no BN after conv1: the first
// unit's shared BN-ReLU is the activation "right after conv1", and the
// final bn-relu is the "extra activation right after [the last unit's]
// element-wise addition" (He et al. 2016b appendix).
func preActCIFAR(name string, n int, widths [3]int, bottleneck bool, classes int) *nn.Sequential {
	block := func(id string, in, out, stride, stage, i int) nn.Module {
		if bottleneck {
			return preActBottleneck(id, in, out, stride)
		}
		return preActUnit(id, in, out, stride, stage == 0 && i == 0)
	}
	return resnet.Build(resnet.Spec{Name: name, Input: nn.Shape{3, 32, 32},
		Stem: []nn.Module{nn.NewConv2D("conv1", 3, 16, 3, nn.Pad(1), nn.NoBias())}, StemOut: 16,
		Widths: widths[:], Blocks: []int{n, n, n}, Block: block,
		Head: []nn.Module{nn.NewBatchNorm2D("bn", widths[2]), nn.NewReLU("relu")}, Classes: classes}).Net.(*nn.Sequential)
}

// PreActDepths are the pre-activation CIFAR-10 networks of He et al.
// 2016b: 110 layers of two-layer units (6n+2, n = 18) and 164 and 1001
// layers of bottleneck units (9n+2, n = 18 and 111; Table 3).
var PreActDepths = []int{110, 164, 1001}

// PreActResNet builds the full pre-activation CIFAR-10 network of the
// given depth: 110 (two-layer units at 16, 32, 64 channels, 6n+2 layers)
// or 164 and 1001 (bottleneck units with outputs 64, 128, 256, 9n+2
// layers; "depth should be 9n+2 (e.g., 164 or 1001 in the paper)" in the
// released code). Shortcuts are identities, and bare 1×1 projections
// where the shape changes.
func PreActResNet(depth int) *nn.Model {
	name := fmt.Sprintf("preact-resnet%d", depth)
	var net *nn.Sequential
	switch {
	case depth == 110:
		net = preActCIFAR(name, (depth-2)/6, [3]int{16, 32, 64}, false, 10)
	case depth >= 11 && (depth-2)%9 == 0:
		net = preActCIFAR(name, (depth-2)/9, [3]int{64, 128, 256}, true, 10)
	default:
		panic(fmt.Sprintf("variants: no pre-activation network of depth %d (110, or 9n+2 with bottleneck units)", depth))
	}
	return &nn.Model{Name: name, Input: nn.Shape{3, 32, 32}, Net: net}
}

// ResNet110 builds the 110-layer CIFAR-10 network of He et al. 2016b
// Table 2 with its blocks in the given order of Fig. 4: 54 two-layer
// units at 16, 32, 64 channels, 1×1 projections where the shape changes.
// The stem and head follow the blocks: (a)–(c) end each unit with their
// own activation or addition and start after conv1-BN-ReLU, as the
// original ResNet; (d) starts after conv1-BN (its units begin with ReLU)
// and ends with a ReLU; (e) is PreActResNet(110). (a)–(c) hold 192
// parameters more than (d) and (e): the BNs of their two projections.
func ResNet110(order PreActOrder) *nn.Model {
	if order == PreActFull {
		return PreActResNet(110)
	}
	name := fmt.Sprintf("resnet110-fig4%c", 'a'+rune(order))
	stem := []nn.Module{nn.NewConv2D("conv1", 3, 16, 3, nn.Pad(1), nn.NoBias()), nn.NewBatchNorm2D("bn1", 16)}
	var head []nn.Module
	if order == PreActReLUOnly {
		head = []nn.Module{nn.NewReLU("relu")}
	} else {
		stem = append(stem, nn.NewReLU("relu"))
	}
	block := func(id string, in, out, stride, _, _ int) nn.Module {
		return PreActBlock(id, in, out, stride, order, resnet.ShortcutB)
	}
	return resnet.Build(resnet.Spec{Name: name, Input: nn.Shape{3, 32, 32}, Stem: stem, StemOut: 16,
		Widths: []int{16, 32, 64}, Blocks: []int{18, 18, 18}, Block: block, Head: head, Classes: 10})
}
