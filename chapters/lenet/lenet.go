package lenet

import (
	"math/rand/v2"

	"github.com/cnnbook/cnnbook/nn"
)

// Models returns the chapter's models.
func Models() []nn.Entry {
	return []nn.Entry{
		{Name: "lenet5-1998", Doc: "LeNet-5 as LeCun et al. 1998 built it: scaled tanh, trainable subsampling, Table I's C3, frozen RBF output (1×32×32)", Build: LeNet1998},
		{Name: "lenet5", Doc: "LeNet-5 as read today: ReLU, max-pool, full C3, linear output (1×32×32)", Build: LeNet5},
	}
}

// layer groups a paper layer's weighted leaf (keys "C1.weight", rows "C1")
// with the squashing function after it (row "C1.f"): in the paper a unit's
// state is x_i = f(a_i) of its weighted sum a_i (§II.A).
func layer(name string, weighted, f nn.Module) *nn.Sequential {
	return nn.Seq(name, weighted, f)
}

// LeNet1998 is LeNet-5 of LeCun et al. 1998 §II.B and Fig. 2: "LeNet-5
// comprises 7 layers, not counting the input, all of which contain
// trainable parameters (weights). The input is a 32x32 pixel image."
//
//	layer   what                                   output    params
//	C1      6 5×5 convolutions                     6×28×28   156
//	S2      trainable 2×2 subsampling              6×14×14   12
//	C3      16 5×5 convolutions wired by Table I   16×10×10  1,516
//	S4      trainable 2×2 subsampling              16×5×5    32
//	C5      120 5×5 convolutions                   120×1×1   48,120
//	F6      84 fully connected units               84        10,164
//	OUTPUT  10 Euclidean RBF units, frozen         10        840
//
// Every layer up to F6 is followed by f(a) = 1.7159·tanh(2a/3) (Appendix A).
// Weights are initialised uniformly in ±2.4/F_i, F_i the unit's fan-in
// (Appendix C); call Init to get that, and the RBF bitmaps.
func LeNet1998() *nn.Model {
	c1 := nn.NewConv2D("", 1, 6, 5)
	c5 := nn.NewConv2D("", 16, 120, 5)
	f6 := nn.NewLinear("", 120, 84)
	fanIn(25, c1.Weight, c1.Bias)
	fanIn(400, c5.Weight, c5.Bias)
	fanIn(120, f6.Weight, f6.Bias)
	net := nn.Seq("lenet5-1998",
		layer("C1", c1, nn.NewScaledTanh("f")),
		layer("S2", NewSubsampling("", 6), nn.NewScaledTanh("f")),
		layer("C3", NewPartialConv2D("", 6, 5, C3Table()), nn.NewScaledTanh("f")),
		layer("S4", NewSubsampling("", 16), nn.NewScaledTanh("f")),
		layer("C5", c5, nn.NewScaledTanh("f")),
		nn.NewFlatten("flatten"),
		layer("F6", f6, nn.NewScaledTanh("f")),
		NewRBF("OUTPUT", 84, 10),
	)
	return &nn.Model{Name: "lenet5-1998", Input: nn.Shape{1, 32, 32}, Net: net}
}

// LeNet5 is the reading of LeNet-5 most courses and frameworks use today:
// the same sizes, but ReLU instead of the scaled tanh, 2×2 max-pooling
// instead of trainable subsampling, a C3 that reads all six S2 maps, and a
// linear output layer (to be followed by a softmax loss).
//
//	C1 156 + C3 2,416 + C5 48,120 + F6 10,164 + OUTPUT 850 = 61,706 parameters
func LeNet5() *nn.Model {
	net := nn.Seq("lenet5",
		layer("C1", nn.NewConv2D("", 1, 6, 5), nn.NewReLU("f")),
		nn.NewMaxPool2D("S2", 2),
		layer("C3", nn.NewConv2D("", 6, 16, 5), nn.NewReLU("f")),
		nn.NewMaxPool2D("S4", 2),
		layer("C5", nn.NewConv2D("", 16, 120, 5), nn.NewReLU("f")),
		nn.NewFlatten("flatten"),
		layer("F6", nn.NewLinear("", 120, 84), nn.NewReLU("f")),
		nn.NewLinear("OUTPUT", 84, 10),
	)
	return &nn.Model{Name: "lenet5", Input: nn.Shape{1, 32, 32}, Net: net}
}

// Init allocates and initialises every tensor of a LeNet model. For
// LeNet1998 that is the paper's scheme: weights and biases uniform in
// ±2.4/F_i, F_i the fan-in of the unit they feed (Appendix C; in C3 F_i is
// 75, 100 or 150 depending on how many S2 maps the unit reads), and the
// RBF centres set to the digit bitmaps. Other modules use their own scheme.
func Init(m nn.Module, rng *rand.Rand) {
	nn.InitParams(m, rng)
	nn.Walk(m, func(_ string, mod nn.Module) {
		switch l := mod.(type) {
		case *PartialConv2D:
			kk := l.K * l.K
			for o, maps := range l.Table {
				a := 2.4 / float64(len(maps)*kk)
				uniform(rng, a, l.Weight.Data[l.first[o]*kk:(l.first[o]+len(maps))*kk])
				uniform(rng, a, l.Bias.Data[o:o+1])
			}
		case *RBF:
			l.DrawDigits()
		}
	})
}

// fanIn sets ps to LeCun's uniform ±2.4/fanIn (Appendix C).
func fanIn(n int, ps ...*nn.Param) {
	for _, p := range ps {
		p.Init, p.Scale = nn.InitUniform, 2.4/float64(n)
	}
}

// uniform fills d uniformly in ±a.
func uniform(rng *rand.Rand, a float64, d []float32) {
	for i := range d {
		d[i] = float32((2*rng.Float64() - 1) * a)
	}
}
