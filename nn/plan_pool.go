package nn

import (
	"math"

	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// maxPoolInfOp is a 3×3 MaxPool2D without dilation (ResNet's, GoogLeNet's,
// AlexNet's) in an inference plan: no switches are kept, the windows
// that lie inside the image take the maximum of their nine values in one
// expression, without the per-window tap ranges of maxPoolPlanes (on
// resnet50-tv's 64×112×112 map that was 5–10% of a forward pass), and
// the planes are split over the cores. A NaN in a window gives NaN, as
// in maxPoolPlanes (Go's max propagates it).
type maxPoolInfOp struct {
	*maxPoolOp
}

// poolGrain is the least number of outputs worth a goroutine of their
// own (about 9 compares each: tens of microseconds). A variable so that
// the tests can take both paths.
var poolGrain = 1 << 15

// inferPool returns the inference op for op (op itself in training or
// for a window maxPoolInfOp does not take).
func (p *Plan) inferPool(op *maxPoolOp) planOp {
	w := op.win
	if p.train || w.KH != 3 || w.KW != 3 || w.DH != 1 || w.DW != 1 {
		return op
	}
	return &maxPoolInfOp{op}
}

func (o *maxPoolInfOp) fwd(p *Plan, pt *planPart) {
	x, y := pt.act[o.in], pt.act[o.out]
	planes := pt.n * o.c
	ohw := o.oh * o.ow
	if par.Workers() == 1 || planes*ohw < 2*poolGrain {
		o.planes(x, y, 0, planes)
		return
	}
	par.For(planes, poolGrain/ohw+1, func(lo, hi int) { o.planes(x, y, lo, hi) })
}

func (o *maxPoolInfOp) planes(x, y []float32, lo, hi int) {
	h, w, oh, ow := o.h, o.w, o.oh, o.ow
	sh, sw, ph, pw := o.win.SH, o.win.SW, o.win.PH, o.win.PW
	for pl := lo; pl < hi; pl++ {
		xp := x[pl*h*w : (pl+1)*h*w]
		yp := y[pl*oh*ow : (pl+1)*oh*ow]
		for i := range oh {
			r := i*sh - ph
			rowIn := r >= 0 && r+2 < h
			yr := yp[i*ow : (i+1)*ow]
			for j := range yr {
				c := j*sw - pw
				if rowIn && c >= 0 && c+2 < w {
					a := xp[r*w+c : r*w+c+3]
					b := xp[(r+1)*w+c : (r+1)*w+c+3]
					d := xp[(r+2)*w+c : (r+2)*w+c+3]
					yr[j] = max(a[0], a[1], a[2], b[0], b[1], b[2], d[0], d[1], d[2])
					continue
				}
				// A window over the padding (−∞) or the edge (ceil mode).
				m := float32(math.Inf(-1))
				for u := max(r, 0); u < min(r+3, h); u++ {
					for v := max(c, 0); v < min(c+3, w); v++ {
						m = max(m, xp[u*w+v])
					}
				}
				yr[j] = m
			}
		}
	}
}
