package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// DenseConfig describes a DenseNet-BC (Huang, Liu, van der Maaten &
// Weinberger, "Densely Connected Convolutional Networks", CVPR 2017 §3):
// dense blocks of layers that each add Growth = k feature maps (a 1×1
// bottleneck to BNSize·k maps, then a 3×3 to k), separated by transitions
// that compress the channels by θ = Compression and halve the size.
type DenseConfig struct {
	Name         string
	Growth       int   // k
	Blocks       []int // dense layers per block
	InitFeatures int   // channels of the stem convolution
	BNSize       int   // bottleneck width in units of k (4: "4k feature-maps")
	Compression  float64
	ImageNet     bool // 7×7/2 stem + 3×3/2 max pool at 224×224; else a 3×3 stem at 32×32
	Classes      int
}

// The DenseNets torchvision 0.14 defines (models/densenet.py:
// densenet121/169/201 = growth 32, blocks (6, 12, 24, 16), (6, 12, 32,
// 32), (6, 12, 48, 32), 64 initial features, bn_size 4, num_features // 2
// at each transition; Huang et al. 2017 Table 1) and DenseNet-BC with
// L = 100, k = 12 for CIFAR (§3 "Implementation Details": three dense
// blocks of equal size, "a convolution with 16 (or twice the growth rate
// for DenseNet-BC) output channels" first, θ = 0.5; Table 2).
var (
	DenseNet121   = DenseConfig{"densenet121", 32, []int{6, 12, 24, 16}, 64, 4, 0.5, true, 1000}
	DenseNet169   = DenseConfig{"densenet169", 32, []int{6, 12, 32, 32}, 64, 4, 0.5, true, 1000}
	DenseNet201   = DenseConfig{"densenet201", 32, []int{6, 12, 48, 32}, 64, 4, 0.5, true, 1000}
	DenseNetBC100 = DenseConfig{"densenet-bc-100-12", 12, []int{16, 16, 16}, 24, 4, 0.5, false, 10}
)

// DenseNet builds the network with torchvision's module tree:
//
//	features: conv0 → norm0 → relu0 → pool0 → denseblock1 → transition1 → … → denseblockB → norm5
//	→ relu → avgpool (global) → classifier
//
// torchvision's forward applies F.relu after features.norm5, then the
// adaptive average pool and the classifier; those two functions are the
// modules relu and avgpool here, which hold no tensors, so the keys are
// torchvision's (features.denseblock1.denselayer1.norm1.weight, …,
// classifier.bias). The CIFAR form has a 3×3 stem convolution and no
// norm0/relu0/pool0 (the first dense layer starts with its own BN-ReLU);
// its keys are those of torchvision's DenseNet class built with its
// growth, blocks and initial features, conv0 replaced and the three
// stem layers after it removed (testdata/gen_torchvision.py does that).
func DenseNet(cfg DenseConfig) *nn.Model {
	features := nn.Seq("features")
	in, input := cfg.InitFeatures, nn.Shape{3, 32, 32}
	if cfg.ImageNet {
		input = nn.Shape{3, 224, 224}
		features.Append(
			nn.NewConv2D("conv0", 3, in, 7, nn.Stride(2), nn.Pad(3), nn.NoBias()),
			nn.NewBatchNorm2D("norm0", in),
			nn.NewReLU("relu0"),
			nn.NewMaxPool2D("pool0", 3, nn.Stride(2), nn.Pad(1)))
	} else {
		features.Append(nn.NewConv2D("conv0", 3, in, 3, nn.Pad(1), nn.NoBias()))
	}
	for i, n := range cfg.Blocks {
		features.Append(DenseNetBlock(fmt.Sprintf("denseblock%d", i+1), n, in, cfg.Growth, cfg.BNSize))
		in += n * cfg.Growth
		if i < len(cfg.Blocks)-1 {
			out := int(float64(in) * cfg.Compression)
			features.Append(Transition(fmt.Sprintf("transition%d", i+1), in, out))
			in = out
		}
	}
	// torchvision names the final BN "norm5" whatever the number of blocks.
	features.Append(nn.NewBatchNorm2D("norm5", in))
	net := nn.Seq(cfg.Name, features, nn.NewReLU("relu"), nn.NewGlobalAvgPool("avgpool"),
		nn.NewLinear("classifier", in, cfg.Classes))
	return &nn.Model{Name: cfg.Name, Input: input, Net: net}
}

// PlanRow is one stage of a DenseNet's channel plan.
type PlanRow struct {
	Stage    string // "conv0", "denseblock1", "transition1", …
	Size     int    // feature-map side at the stage's output
	In, Out  int    // channels
	Layers   int    // dense layers (blocks only)
	LayerIn  [2]int // channels entering the first and the last dense layer
	Bottle   int    // channels after each layer's 1×1 bottleneck (BNSize·k)
	Params   int64
	Expected int // the plan's arithmetic: in + n·k for a block, ⌊θ·in⌋ for a transition
}

// ChannelPlan follows the channels through the network: a block of n
// layers turns m channels into m + n·k (layer i reads m + (i−1)·k), a
// transition turns m into ⌊θ·m⌋. The channels and sizes are read from the
// analysis of the built model; Expected is the plan's arithmetic beside it.
func ChannelPlan(cfg DenseConfig) ([]PlanRow, error) {
	m := DenseNet(cfg)
	features := m.Net.(*nn.Sequential).Layers[0].(*nn.Sequential)
	shape := m.Input
	var rows []PlanRow
	for _, l := range features.Layers {
		r, err := nn.Analyze(l, shape)
		if err != nil {
			return nil, err
		}
		row := PlanRow{Stage: l.Name(), In: shape[0], Out: r.Output[0], Size: r.Output[1], Params: r.Params}
		switch b := l.(type) {
		case *nn.DenseConcat:
			row.Layers = len(b.Layers)
			row.LayerIn = [2]int{shape[0], shape[0] + (len(b.Layers)-1)*cfg.Growth}
			row.Bottle = cfg.BNSize * cfg.Growth
			row.Expected = shape[0] + len(b.Layers)*cfg.Growth
		case *nn.Sequential:
			if len(b.Layers) == 4 { // transition: norm, relu, conv, pool
				row.Expected = int(float64(shape[0]) * cfg.Compression)
			}
		}
		switch l.(type) {
		case *nn.DenseConcat, *nn.Sequential, *nn.Conv2D:
			rows = append(rows, row)
		}
		shape = r.Output
	}
	return rows, nil
}

// ConcatCheck runs a dense block (3 layers, growth 4, on 6 channels) and a
// residual block on the same input and reports how far each output's
// first 6 channels are from the input: 0 for the dense block, whose
// concatenation carries its input on untouched, and > 0 for the residual
// block, whose sum mixes it with the branch.
func ConcatCheck(seed uint64) (dense, residual float64) {
	rng := nn.NewRNG(seed)
	db := DenseNetBlock("block", 3, 6, 4, 4)
	rb := resnet.BasicBlock("block", 6, 6, 1, resnet.ShortcutB)
	nn.InitParams(db, rng)
	nn.InitParams(rb, rng)
	x := nn.NewTensor(2, 6, 5, 5)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	firstChannels := func(y *nn.Tensor) *nn.Tensor {
		out := nn.ZerosLike(x)
		hw := 25
		for n := 0; n < 2; n++ {
			copy(out.Data[n*6*hw:(n+1)*6*hw], y.Data[n*y.Shape[1]*hw:(n*y.Shape[1]+6)*hw])
		}
		return out
	}
	return maxDiff(firstChannels(db.Forward(nn.Eval, x)), x), maxDiff(firstChannels(rb.Forward(nn.Eval, x)), x)
}

// Connections counts the direct connections of a dense block as the
// paper does ("L(L+1)/2 direct connections" for L layers, abstract):
// layer ℓ reads the block input and the outputs of the ℓ−1 layers before
// it, ℓ connections, which the analysis shows as its input width
// C₀ + (ℓ−1)·k.
func Connections(b *nn.DenseConcat, in nn.Shape) (int, error) {
	r, err := nn.Analyze(b, in)
	if err != nil {
		return 0, err
	}
	growth := (r.Output[0] - in[0]) / len(b.Layers)
	conns := 0
	for _, l := range b.Layers {
		first := nn.AllParams(l)[0] // norm1.weight: one entry per input channel
		conns += (int(first.Shape[0])-in[0])/growth + 1
	}
	return conns, nil
}
