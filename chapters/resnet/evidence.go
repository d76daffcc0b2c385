package resnet

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// The functions below compute the evidence the claims ledger and the
// tests cite: each reads a module tree or its nn.Analyze report.

// ConvsFollowedByBN counts the Conv2d rows of a report and those whose
// next row is a BatchNorm2d. The rows are the leaves in the order the
// forward pass runs them (a residual block: its branch, then its
// shortcut), so "next row" is "the layer the conv feeds".
func ConvsFollowedByBN(r *nn.Report) (convs, followed int) {
	for i, row := range r.Rows {
		if _, ok := row.Module.(*nn.Conv2D); !ok {
			continue
		}
		convs++
		if _, ok := next(r.Rows, i).(*nn.BatchNorm2D); ok {
			followed++
		}
	}
	return convs, followed
}

// next is the module of the row after row i, or nil after the last.
func next(rows []nn.Row, i int) nn.Module {
	if i+1 < len(rows) {
		return rows[i+1].Module
	}
	return nil
}

// ResidualBlocks counts the residual blocks of a module tree.
func ResidualBlocks(m nn.Module) int {
	n := 0
	nn.Walk(m, func(_ string, c nn.Module) {
		if _, ok := c.(*nn.Residual); ok {
			n++
		}
	})
	return n
}

// Head describes a network's classifier: the Linear rows of the report and
// the row that feeds the first of them.
type Head struct {
	Linears []nn.Row
	Feed    nn.Row // the row before the first Linear
}

// HeadOf reads the classifier off a report.
func HeadOf(r *nn.Report) Head {
	var h Head
	for i, row := range r.Rows {
		if _, ok := row.Module.(*nn.Linear); ok {
			if len(h.Linears) == 0 && i > 0 {
				h.Feed = r.Rows[i-1]
			}
			h.Linears = append(h.Linears, row)
		}
	}
	return h
}

// GAPSingleFC reports whether the head is one Linear fed by a global
// average pool (output C×1×1).
func (h Head) GAPSingleFC() bool {
	_, gap := h.Feed.Module.(*nn.AdaptiveAvgPool2D)
	return len(h.Linears) == 1 && gap &&
		len(h.Feed.Out) == 3 && h.Feed.Out[1] == 1 && h.Feed.Out[2] == 1
}

// VGGStyleHead declares the classifier ResNet did without: the c×s×s map
// flattened into fc 4096 → fc 4096 → fc classes (Simonyan & Zisserman 2015
// Table 1, whose last map is 512×7×7).
func VGGStyleHead(c, s, classes int) *nn.Sequential {
	return nn.Seq("head",
		nn.NewFlatten("flatten"),
		nn.NewLinear("fc6", c*s*s, 4096), nn.NewReLU("relu6"),
		nn.NewLinear("fc7", 4096, 4096), nn.NewReLU("relu7"),
		nn.NewLinear("fc8", 4096, classes))
}

// ActivationsAndInits lists the activation types and the Init schemes of
// the conv weights that occur in a module tree.
func ActivationsAndInits(m nn.Module) (acts []string, inits []nn.Init) {
	nn.Walk(m, func(_ string, c nn.Module) {
		switch l := c.(type) {
		case *nn.Activation:
			t := l.Kind.String()
			if !slices.Contains(acts, t) {
				acts = append(acts, t)
			}
		case *nn.Conv2D:
			if !slices.Contains(inits, l.Weight.Init) {
				inits = append(inits, l.Weight.Init)
			}
		}
	})
	return acts, inits
}

// Unravel checks Veit et al.'s unraveled view on n residual blocks with
// linear branches (nn.Linear d→d, zero bias, no activation after the sum),
// where it is exact: (I+F_n)…(I+F_1)x = Σ over the 2^n subsets S of the
// blocks of (Π_{i∈S} F_i)x. It returns the largest difference between the
// network's eval output and the sum of its 2^n path outputs, and whether
// two eval runs gave bit-identical outputs.
func Unravel(n, d int, seed uint64) (maxDiff float64, paths int, deterministic bool) {
	rng := nn.NewRNG(seed)
	branches := make([]*nn.Linear, n)
	blocks := make([]nn.Module, n)
	for i := range blocks {
		branches[i] = nn.NewLinear("branch", d, d)
		blocks[i] = nn.NewResidual(fmt.Sprint(i), branches[i], nil, nil)
	}
	net := nn.Seq("unravel", blocks...)
	nn.InitParams(net, rng) // biases are zero (InitZeros): the branches are linear
	x := nn.NewTensor(1, d)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	y1 := net.Forward(nn.Eval, x).Clone()
	y2 := net.Forward(nn.Eval, x)
	deterministic = slices.Equal(y1.Data, y2.Data)

	sum := make([]float64, d)
	for s := 0; s < 1<<n; s++ { // subset s: block i's branch is taken iff bit i is set
		p := x
		for i := 0; i < n; i++ {
			if s&(1<<i) != 0 {
				p = branches[i].Forward(nn.Eval, p)
			}
		}
		for j, v := range p.Data {
			sum[j] += float64(v)
		}
		paths++
	}
	for j := range sum {
		maxDiff = math.Max(maxDiff, math.Abs(sum[j]-float64(y1.Data[j])))
	}
	return maxDiff, paths, deterministic
}

// SGDRates runs steps of nn.SGD (momentum μ, no weight decay) on two
// weights whose gradients stay fixed at g1 and g2 and returns each weight's
// total move divided by its gradient: the effective learning rate each
// weight saw. A per-parameter adaptive method (AdaGrad, RMSprop, Adam)
// divides by a running gradient magnitude, so the two would differ by
// about g2/g1; plain SGD gives both the same γ·(1 + (1+μ) + …).
func SGDRates(lr, momentum, g1, g2 float64, steps int) (r1, r2 float64) {
	w := nn.NewLinear("w", 2, 1)
	nn.InitParams(w, nn.NewRNG(1))
	w.Weight.Data[0], w.Weight.Data[1] = 0, 0 // moves measured from 0: no cancellation
	opt := nn.NewSGD(w, lr, momentum, 0)
	for range steps {
		w.Weight.Grad[0], w.Weight.Grad[1] = float32(g1), float32(g2)
		w.Bias.Grad[0] = 0
		opt.Step()
	}
	r1 = -float64(w.Weight.Data[0]) / g1
	r2 = -float64(w.Weight.Data[1]) / g2
	return r1, r2
}

// pow2 is 2^n as a big integer.
func pow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }

// Embed builds He et al.'s "solution by construction" (§1: "the added
// layers are identity mapping, and the other layers are copied from the
// learned shallower model") for two CIFAR networks of the same kind: every
// tensor of shallow is copied into deep under the same key (block i of a
// stage is block i of the deeper stage), and every block of deep that
// shallow lacks gets bn2's γ and β set to zero, so its residual branch
// outputs zero. Deep must be allocated (nn.InitParams). It returns the
// number of zeroed blocks.
//
// In a residual net a zeroed block computes ReLU(x + 0) = x, since x is
// itself the output of a ReLU: deep then computes exactly what shallow
// does. In the plain twin the same surgery makes the block output
// ReLU(0) = 0, cutting the signal: a plain net must instead learn the
// identity through its convolutions.
func Embed(shallow, deep nn.Module) int {
	have := map[string]*nn.Param{}
	for _, p := range nn.AllParams(shallow) {
		have[p.Key] = p.Param
	}
	zeroed := map[string]bool{}
	for _, p := range nn.AllParams(deep) {
		if src, ok := have[p.Key]; ok {
			if !slices.Equal(src.Shape, p.Shape) {
				panic(fmt.Sprintf("resnet: Embed: %s is %v in shallow but %v in deep", p.Key, src.Shape, p.Shape))
			}
			copy(p.Data, src.Data)
			continue
		}
		if block, ok := strings.CutSuffix(p.Key, ".bn2.weight"); ok {
			clear(p.Data)
			zeroed[block] = true
		} else if strings.HasSuffix(p.Key, ".bn2.bias") {
			clear(p.Data)
		}
	}
	return len(zeroed)
}

// ConvGrad is the gradient norm of one convolution's weight.
type ConvGrad struct {
	Name string
	Norm float64 // ‖∂L/∂W‖₂
}

// ConvGradNorms initialises m (He init, seeded), runs one training-mode
// forward and backward pass on a batch of standard-normal inputs of shape
// in with labels 0, 1, 2, … and the softmax cross-entropy loss, and
// returns the gradient norm of every convolution weight in forward order.
// It is the measurement behind §4.1's "the backward propagated gradients
// exhibit healthy norms with BN", at initialisation.
func ConvGradNorms(m nn.Module, in nn.Shape, batch int, seed uint64) ([]ConvGrad, error) {
	rng := nn.NewRNG(seed)
	nn.InitParams(m, rng)
	x := nn.NewTensor(append([]int{batch}, in...)...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	c := &nn.Ctx{Train: true, Rng: rng}
	y, err := nn.Run(m, c, x)
	if err != nil {
		return nil, err
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = i % y.Shape[1]
	}
	_, dy, err := nn.SoftmaxCrossEntropy(y, labels)
	if err != nil {
		return nil, err
	}
	nn.ZeroGrad(m)
	m.Backward(dy)
	var out []ConvGrad
	nn.Walk(m, func(path string, c nn.Module) {
		if conv, ok := c.(*nn.Conv2D); ok {
			var s float64
			for _, g := range conv.Weight.Grad {
				s += float64(g) * float64(g)
			}
			out = append(out, ConvGrad{path, math.Sqrt(s)})
		}
	})
	return out, nil
}

// Identity is He et al. 2016 §1's construction, run: the shallow
// network's weights copied into the deep one (Embed), the added blocks
// zeroed, both networks fed the same image.
type Identity struct {
	Shallow, Deep string
	Zeroed        int     // blocks of the deep network made identities
	OutDiff       float64 // max |y_deep − y_shallow| (eval)
	GradDiff      float64 // max |∂L/∂x_deep − ∂L/∂x_shallow| for L = Σ y
	GradMax       float64 // max |∂L/∂x_shallow|: the scale GradDiff is measured against
	DeepGradMax   float64 // max |∂L/∂x_deep|
	InputMatters  bool    // the deep network's output changes when the image is negated
}

// IdentityEvidence builds the CIFAR networks of the two depths (residual
// or plain), initialises them (seeded), embeds the shallow one in the
// deep one and compares outputs and input gradients on one side×side
// image. For residual networks both differences are exactly zero: a
// zeroed block passes its input and its gradient through unchanged.
func IdentityEvidence(shallowDepth, deepDepth int, shortcuts bool, side int, seed uint64) (Identity, error) {
	shallow, deep := CIFAR(shallowDepth, shortcuts), CIFAR(deepDepth, shortcuts)
	rng := nn.NewRNG(seed)
	nn.InitParams(shallow.Net, rng)
	nn.InitParams(deep.Net, rng)
	id := Identity{Shallow: shallow.Name, Deep: deep.Name, Zeroed: Embed(shallow.Net, deep.Net)}
	x := nn.NewTensor(1, 3, side, side)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	run := func(m nn.Module, in *nn.Tensor) (y, dx *nn.Tensor, err error) {
		y, err = nn.Run(m, nn.Eval, in)
		if err != nil {
			return nil, nil, err
		}
		y = y.Clone()
		dy := nn.ZerosLike(y)
		for i := range dy.Data {
			dy.Data[i] = 1 // L = Σ y
		}
		return y, m.Backward(dy).Clone(), nil
	}
	ys, gs, err := run(shallow.Net, x)
	if err != nil {
		return id, err
	}
	yd, gd, err := run(deep.Net, x)
	if err != nil {
		return id, err
	}
	neg := x.Clone()
	for i := range neg.Data {
		neg.Data[i] = -neg.Data[i]
	}
	yn, _, err := run(deep.Net, neg)
	if err != nil {
		return id, err
	}
	for i := range ys.Data {
		id.OutDiff = max(id.OutDiff, math.Abs(float64(yd.Data[i]-ys.Data[i])))
		id.InputMatters = id.InputMatters || yn.Data[i] != yd.Data[i]
	}
	for i := range gs.Data {
		id.GradDiff = max(id.GradDiff, math.Abs(float64(gd.Data[i]-gs.Data[i])))
		id.GradMax = max(id.GradMax, math.Abs(float64(gs.Data[i])))
		id.DeepGradMax = max(id.DeepGradMax, math.Abs(float64(gd.Data[i])))
	}
	return id, nil
}
