package variants

import (
	"fmt"
	"math"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// ResNeXt50 builds ResNeXt-50 (C×dd) of Xie et al. 2017 Table 1 with
// torchvision's module tree: ResNet-50's stages with cardinality C and
// bottleneck width d, the grouped 3×3 of the first stage C·d wide
// (doubling per stage). (1, 64) is ResNet-50; (32, 4) is
// resnext50_32x4d.
func ResNeXt50(cardinality, d int) *nn.Model {
	name := fmt.Sprintf("resnext50_%dx%dd", cardinality, d)
	return TorchvisionResNet(name, [4]int{3, 4, 6, 3}, cardinality, d)
}

// Cardinality is one configuration of Xie et al. 2017 Table 2 ("Relations
// between cardinality and width (for the template of conv2), with roughly
// preserved complexity on a residual block"), with the ImageNet-1K top-1
// error of the ResNeXt-50 built from it (Table 3).
type Cardinality struct {
	C, D  int
	Top1  float64 // Table 3, %, 224×224 single crop
	Width int     // Table 2 "width of group conv." = C·d
}

// Table2 is Xie et al. 2017 Table 2 with Table 3's ResNet-50-based
// errors: (1, 64) 23.9, (2, 40) 23.0, (4, 24) 22.6, (8, 14) 22.3,
// (32, 4) 22.2.
var Table2 = []Cardinality{
	{1, 64, 23.9, 64},
	{2, 40, 23.0, 80},
	{4, 24, 22.6, 96},
	{8, 14, 22.3, 112},
	{32, 4, 22.2, 128},
}

// Aggregate returns the aggregated-transformation form (Xie et al. 2017
// Fig. 3a, with BN) of a grouped bottleneck block built by resnet.Bottleneck
// with G groups, holding copies of its weights:
//
//	y = ReLU(shortcut(x) + bn3(Σ_{i=1..G} T_i(x)))
//	T_i = conv3_i ∘ ReLU ∘ bn2_i ∘ conv2_i ∘ ReLU ∘ bn1_i ∘ conv1_i
//
// Path i owns rows i·w/G … (i+1)·w/G of conv1 (a 1×1 from all input
// channels), group i of the grouped conv2 (an ordinary 3×3 conv inside the
// path) and columns i·w/G … of conv3; its BNs own the same channels (BN is
// per channel, so splitting it changes nothing). conv3 of the grouped form
// reads all w channels at once: a 1×1 conv over a concatenation is the sum
// of 1×1 convs over the parts, which is why the paths join by a sum, and
// why the BN after conv3 comes after the sum (Fig. 3's forms (a), (b) and
// (c) are equivalent; §3.3).
//
//	tree: paths (Parallel, sum) of path0 … path{G−1} (conv1, bn1, relu, conv2, bn2, relu, conv3), bn3, downsample, relu
func Aggregate(b *nn.Residual) *nn.Residual {
	if seq := leafSeq(b.Branch); seq != "conv-BN-ReLU-conv-BN-ReLU-conv-BN" {
		panic(fmt.Sprintf("variants: Aggregate: %s's branch is %s, want resnet.Bottleneck's conv-BN-ReLU-conv-BN-ReLU-conv-BN", b.Name(), seq))
	}
	layers := b.Branch.(*nn.Sequential).Layers
	conv1, bn1 := layers[0].(*nn.Conv2D), layers[1].(*nn.BatchNorm2D)
	conv2, bn2 := layers[3].(*nn.Conv2D), layers[4].(*nn.BatchNorm2D)
	conv3, bn3 := layers[6].(*nn.Conv2D), layers[7].(*nn.BatchNorm2D)
	if conv1.Weight.Data == nil {
		panic(fmt.Sprintf("variants: Aggregate: %s has no weights yet (nn.InitParams or load them first)", b.Name()))
	}
	g, w, in, out := conv2.G, conv2.Out, conv1.In, conv3.Out
	d := w / g
	paths := make([]nn.Module, g)
	for i := range paths {
		c1 := nn.NewConv2D("conv1", in, d, 1, nn.Stride(conv1.SH), nn.NoBias())
		c2 := nn.LaterInBranch(nn.NewConv2D("conv2", d, d, 3, nn.Stride(conv2.SH), nn.Pad(1), nn.NoBias()))
		c3 := nn.LaterInBranch(nn.NewConv2D("conv3", d, out, 1, nn.NoBias()))
		b1, b2 := nn.NewBatchNorm2D("bn1", d), nn.NewBatchNorm2D("bn2", d)
		// conv1: rows i·d … (i+1)·d of (w, in, 1, 1).
		c1.Weight.Data = clone(conv1.Weight.Data[i*d*in : (i+1)*d*in])
		// conv2: group i of (w, d, 3, 3) is rows i·d … (i+1)·d.
		c2.Weight.Data = clone(conv2.Weight.Data[i*d*d*9 : (i+1)*d*d*9])
		// conv3: columns i·d … (i+1)·d of (out, w, 1, 1).
		c3.Weight.Data = make([]float32, out*d)
		for o := 0; o < out; o++ {
			copy(c3.Weight.Data[o*d:(o+1)*d], conv3.Weight.Data[o*w+i*d:o*w+(i+1)*d])
		}
		copyBN(b1, bn1, i*d)
		copyBN(b2, bn2, i*d)
		for _, c := range []*nn.Conv2D{c1, c2, c3} {
			c.Weight.Alloc()
		}
		paths[i] = nn.Seq(fmt.Sprintf("path%d", i), c1, b1, nn.NewReLU("relu"), c2, b2, nn.NewReLU("relu"), c3)
	}
	sum := nn.NewBatchNorm2D("bn3", out)
	copyBN(sum, bn3, 0)
	branch := nn.Seq("", nn.NewParallel("paths", nn.JoinSum, paths...), sum)
	var shortcut nn.Module
	if b.Shortcut != nil {
		ds := b.Shortcut.(*nn.Sequential)
		pc, pb := ds.Layers[0].(*nn.Conv2D), ds.Layers[1].(*nn.BatchNorm2D)
		c := nn.NewConv2D("0", pc.In, pc.Out, 1, nn.Stride(pc.SH), nn.NoBias())
		c.Weight.Data = clone(pc.Weight.Data)
		c.Weight.Alloc()
		bn := nn.NewBatchNorm2D("1", pc.Out)
		copyBN(bn, pb, 0)
		shortcut = nn.Seq("downsample", c, bn)
	}
	return nn.NewResidual(b.Name(), branch, shortcut, nn.NewReLU("relu"))
}

// copyBN fills dst's tensors from src's channels off … off+dst.C.
func copyBN(dst, src *nn.BatchNorm2D, off int) {
	for _, pair := range [][2]*nn.Param{{dst.Weight, src.Weight}, {dst.Bias, src.Bias}, {dst.RunningMean, src.RunningMean}, {dst.RunningVar, src.RunningVar}} {
		pair[0].Data = clone(pair[1].Data[off : off+dst.C])
		pair[0].Alloc()
	}
	dst.Eps, dst.Momentum = src.Eps, src.Momentum
}

func clone(s []float32) []float32 { return append([]float32(nil), s...) }

// FormsResult is the comparison of a grouped ResNeXt block with its
// aggregated form.
type FormsResult struct {
	Groups, D     int
	MaxDiffEval   float64 // max |grouped − aggregated| in eval
	MaxDiffTrain  float64 // the same in training (batch statistics)
	MaxDiffGrad   float64 // max |dx_grouped − dx_aggregated| after the training pass
	MaxAbs        float64 // max |y| of the grouped block (the scale of the differences)
	ParamsGrouped int64
	ParamsAggr    int64
}

// Same reports whether the two forms agree to float32 rounding: every
// difference below 1e-5 of the output's scale (sums of a few hundred
// float32 products taken in different orders differ by ~1e-7 relative).
func (r FormsResult) Same() bool {
	tol := 1e-5 * r.MaxAbs
	return r.MaxDiffEval <= tol && r.MaxDiffTrain <= tol && r.MaxDiffGrad <= 1e-5*max(r.MaxAbs, 1) &&
		r.ParamsGrouped == r.ParamsAggr
}

// CompareForms builds a ResNeXt bottleneck block (in channels, G groups of
// width d, out channels, stride) in the grouped-convolution form of
// torchvision, fills it from seed (BN statistics randomised too), derives
// the aggregated form with Aggregate and runs both on the same input
// (batch 2, size×size) in eval and in training, then back-propagates the
// same output gradient through both.
func CompareForms(in, groups, d, out, stride, size int, seed uint64) FormsResult {
	g := resnet.Bottleneck("block", in, groups*d, out, stride, true, groups)
	rng := nn.NewRNG(seed)
	nn.InitParams(g, rng)
	for _, p := range nn.AllParams(g) { // non-trivial BN statistics and affine
		switch p.Name {
		case "running_mean", "bias":
			if len(p.Shape) == 1 {
				for i := range p.Data {
					p.Data[i] = float32(rng.NormFloat64() * 0.1)
				}
			}
		case "running_var":
			for i := range p.Data {
				p.Data[i] = float32(0.5 + rng.Float64())
			}
		case "weight":
			if len(p.Shape) == 1 {
				for i := range p.Data {
					p.Data[i] = float32(0.5 + rng.Float64())
				}
			}
		}
	}
	a := Aggregate(g)
	x := nn.NewTensor(2, in, size, size)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	res := FormsResult{Groups: groups, D: d}
	if r, err := nn.Analyze(g, nn.Shape{in, size, size}); err == nil {
		res.ParamsGrouped = r.Params
	}
	if r, err := nn.Analyze(a, nn.Shape{in, size, size}); err == nil {
		res.ParamsAggr = r.Params
	}
	ye, ae := g.Forward(nn.Eval, x), a.Forward(nn.Eval, x)
	res.MaxDiffEval, res.MaxAbs = maxDiff(ye, ae), float64(ye.MaxAbs())
	train := &nn.Ctx{Train: true, Rng: nn.NewRNG(seed + 1)}
	yt, at := g.Forward(train, x), a.Forward(train, x)
	res.MaxDiffTrain = maxDiff(yt, at)
	dy := nn.ZerosLike(yt)
	for i := range dy.Data {
		dy.Data[i] = float32(rng.NormFloat64())
	}
	res.MaxDiffGrad = maxDiff(g.Backward(dy), a.Backward(dy))
	return res
}

// maxDiff is the largest |a − b| over all elements, +Inf if the sizes differ.
func maxDiff(a, b *nn.Tensor) float64 {
	if len(a.Data) != len(b.Data) {
		return math.Inf(1)
	}
	var d float64
	for i, v := range a.Data {
		d = max(d, math.Abs(float64(v-b.Data[i])))
	}
	return d
}
