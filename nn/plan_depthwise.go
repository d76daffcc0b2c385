package nn

import (
	"sync"

	"github.com/cnnbook/cnnbook/nn/internal/conv"
	"github.com/cnnbook/cnnbook/nn/internal/dwconv"
	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// depthwiseOp is a depthwise Conv2D (groups = in = out channels, as in
// MobileNet) in an inference plan, with a following BatchNorm2D folded
// into its weights and bias and a following ReLU fused into its output
// loop. 3×3 kernels with padding 1, stride 1 or 2 and no dilation run
// through dwconv.Conv3x3 (vectorised rows); any other geometry through
// depthwiseForward with the bias and ReLU applied after. Planes are split
// over the cores (par.For) when a layer is large enough.
type depthwiseOp struct {
	l       *Conv2D
	in, out int
	g       conv.Geom
	fast    bool      // dwconv.Conv3x3 applies
	k, b    []float32 // (C, KH·KW) weights and (C) bias, BatchNorm folded
	relu    bool
}

// dwGrain is the least number of output floats worth a goroutine of
// their own: 18 flops each at ~20–40 GFLOP/s per core (BenchmarkConv3x3
// in nn/internal/dwconv) is 7–15 µs, above the few microseconds of
// starting and joining a goroutine, and small enough that MobileNet's
// 512×14×14 layers split. A variable so that the tests can take both
// paths.
var dwGrain = 1 << 14

// dwBufs holds the scratch planes of Conv3x3 (each goroutine takes one).
var dwBufs = sync.Pool{New: func() any { return new([]float32) }}

// compileDepthwise returns the op for a depthwise conv t at the start of
// layers[i:] in an inference plan (nil otherwise) and how many of the
// layers after t it absorbed (a BatchNorm2D, a ReLU).
func (p *Plan) compileDepthwise(t *Conv2D, in int, sh Shape, next func(int) Module) (*depthwiseOp, int) {
	if p.train || len(sh) != 3 || t.G == 1 || t.G != t.In || t.Out != t.In || sh[0] != t.In {
		return nil, 0
	}
	_, h, w := sh.CHW()
	op := &depthwiseOp{l: t, in: in, g: t.geom(h, w)}
	g := op.g
	op.fast = g.KH == 3 && g.KW == 3 && g.PH == 1 && g.PW == 1 && g.DH == 1 && g.DW == 1 &&
		g.SH == g.SW && (g.SH == 1 || g.SH == 2)
	kk := g.KH * g.KW
	op.k = append([]float32(nil), t.Weight.Data...)
	op.b = make([]float32, t.Out)
	if t.Bias != nil {
		copy(op.b, t.Bias.Data)
	}
	used := 0
	if bn, ok := next(1).(*BatchNorm2D); ok && bn.C == t.Out {
		// W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε) + β, in float64 as in
		// convOp.fold.
		scale, shift := bnAffine(bn)
		for c := range t.Out {
			for i, v := range op.k[c*kk : (c+1)*kk] {
				op.k[c*kk+i] = float32(float64(v) * scale[c])
			}
			op.b[c] = float32(float64(op.b[c])*scale[c] + shift[c])
		}
		used++
	}
	if isReLU(next(used + 1)) {
		op.relu = true
		used++
	}
	op.out = p.slot(t.Out * g.OH * g.OW)
	return op, used
}

func (o *depthwiseOp) outShape() Shape { return Shape{o.l.Out, o.g.OH, o.g.OW} }

func (o *depthwiseOp) fwd(p *Plan, pt *planPart) {
	c, inE, outE := o.l.Out, p.elems[o.in], p.elems[o.out]
	x, y := pt.act[o.in], pt.act[o.out]
	planes := pt.n * c
	// The closure only where For may split (it escapes, so building it
	// allocates): a plan with one worker allocates nothing.
	if par.Workers() == 1 || planes*o.g.OH*o.g.OW < 2*dwGrain {
		o.planes(x, y, inE, outE, 0, planes)
		return
	}
	par.For(planes, dwGrain/(o.g.OH*o.g.OW)+1, func(lo, hi int) { o.planes(x, y, inE, outE, lo, hi) })
}

// planes computes output planes [lo, hi) of the part (plane q is channel
// q mod C of image q div C).
func (o *depthwiseOp) planes(x, y []float32, inE, outE, lo, hi int) {
	g, c := o.g, o.l.Out
	hw, ohw, kk := g.H*g.W, g.OH*g.OW, g.KH*g.KW
	var buf []float32
	var bp *[]float32
	if o.fast {
		bp = dwBufs.Get().(*[]float32)
		if n := dwconv.BufLen(g.H, g.W); len(*bp) < n {
			*bp = make([]float32, n)
		}
		buf = *bp
	}
	for q := lo; q < hi; q++ {
		img, ch := q/c, q%c
		xp := x[img*inE+ch*hw : img*inE+(ch+1)*hw]
		yp := y[img*outE+ch*ohw : img*outE+(ch+1)*ohw]
		if o.fast {
			dwconv.Conv3x3(g.SH, xp, g.H, g.W, (*[9]float32)(o.k[ch*9:]), o.b[ch], o.relu, yp, buf)
			continue
		}
		depthwiseForward(g, xp, o.k[ch*kk:(ch+1)*kk], yp)
		biasReLU(yp, o.b[ch:ch+1], 1, ohw, o.relu)
	}
	if bp != nil {
		dwBufs.Put(bp)
	}
}

func (o *depthwiseOp) bwd(p *Plan, pt *planPart) {
	panic("nn: depthwiseOp in a training plan (a bug: compileDepthwise builds it for inference only)")
}
