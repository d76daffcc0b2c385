package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

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
func PreActBlock(name string, in, out, stride int, order PreActOrder, kind resnet.ShortcutKind) *nn.Residual {
	conv1 := func() *nn.Conv2D { return nn.NewConv2D("conv1", in, out, 3, nn.Stride(stride), nn.Pad(1), nn.NoBias()) }
	conv2 := func() *nn.Conv2D { return nn.LaterInBranch(nn.NewConv2D("conv2", out, out, 3, nn.Pad(1), nn.NoBias())) }
	var branch *nn.Sequential
	var after nn.Module
	switch order {
	case PreActOriginal:
		branch = nn.Seq("", conv1(), nn.NewBatchNorm2D("bn1", out), nn.NewReLU("relu1"), conv2(), nn.NewBatchNorm2D("bn2", out))
		after = nn.NewReLU("relu2")
	case PreActBNAfterAdd:
		branch = nn.Seq("", conv1(), nn.NewBatchNorm2D("bn1", out), nn.NewReLU("relu1"), conv2())
		after = nn.Seq("", nn.NewBatchNorm2D("bn2", out), nn.NewReLU("relu2"))
	case PreActReLUBeforeAdd:
		branch = nn.Seq("", conv1(), nn.NewBatchNorm2D("bn1", out), nn.NewReLU("relu1"), conv2(), nn.NewBatchNorm2D("bn2", out), nn.NewReLU("relu2"))
	case PreActReLUOnly:
		branch = nn.Seq("", nn.NewReLU("relu1"), conv1(), nn.NewBatchNorm2D("bn1", out), nn.NewReLU("relu2"), conv2(), nn.NewBatchNorm2D("bn2", out))
	case PreActFull:
		branch = nn.Seq("", nn.NewBatchNorm2D("bn1", in), nn.NewReLU("relu1"), conv1(), nn.NewBatchNorm2D("bn2", out), nn.NewReLU("relu2"), conv2())
	default:
		panic(fmt.Sprintf("variants: %s: unknown PreActOrder %d", name, int(order)))
	}
	bn := order <= PreActReLUBeforeAdd
	return nn.NewResidual(name, branch, resnet.Shortcut(kind, in, out, stride, bn), after)
}

// DenseNetBottleneck is one layer of a DenseNet-BC dense block, the
// paper's bottleneck layer (Huang et al. 2017 §3, "Bottleneck layers": the
// composite function H_ℓ as "BN-ReLU-Conv(1×1)-BN-ReLU-Conv(3×3)", the
// 1×1 producing bnSize·growth = 4k maps). Not a fully connected ("dense")
// layer, and not ResNet's Bottleneck block (no shortcut: the dense block
// concatenates instead).
//
//	x: (N, in, H, W) → y: (N, growth, H, W)
//	keys: norm1, conv1, norm2, conv2 (torchvision _DenseLayer)
func DenseNetBottleneck(name string, in, growth, bnSize int) nn.Module {
	return nn.Seq(name,
		nn.NewBatchNorm2D("norm1", in),
		nn.NewReLU("relu1"),
		nn.NewConv2D("conv1", in, bnSize*growth, 1, nn.NoBias()),
		nn.NewBatchNorm2D("norm2", bnSize*growth),
		nn.NewReLU("relu2"),
		nn.NewConv2D("conv2", bnSize*growth, growth, 3, nn.Pad(1), nn.NoBias()))
}

// DenseNetBlock is DenseNet's dense block: an nn.DenseConcat of n
// DenseNetBottleneck layers named denselayer1…n, as torchvision's
// _DenseBlock (layer i reads in + (i−1)·growth channels).
//
//	x: (N, in, H, W) → y: (N, in + n·growth, H, W)
func DenseNetBlock(name string, n, in, growth, bnSize int) *nn.DenseConcat {
	layers := make([]nn.Module, n)
	for i := range layers {
		layers[i] = DenseNetBottleneck(fmt.Sprintf("denselayer%d", i+1), in+i*growth, growth, bnSize)
	}
	return nn.NewDenseConcat(name, layers...)
}

// Transition sits between dense blocks (Huang et al. 2017 §3: "batch
// normalization layer and an 1×1 convolutional layer followed by a 2×2
// average pooling layer"); DenseNet-BC halves the channels here.
//
//	x: (N, in, H, W) → y: (N, out, H/2, W/2)
//	keys: norm, conv (torchvision _Transition)
func Transition(name string, in, out int) nn.Module {
	return nn.Seq(name,
		nn.NewBatchNorm2D("norm", in),
		nn.NewReLU("relu"),
		nn.NewConv2D("conv", in, out, 1, nn.NoBias()),
		nn.NewAvgPool2D("pool", 2, nn.Stride(2)))
}
