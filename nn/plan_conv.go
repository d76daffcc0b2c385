package nn

import (
	"github.com/cnnbook/cnnbook/nn/internal/gemm"
)

// convInfOp is a convOp in an inference plan: its weights (BatchNorm
// folded) are packed for the GEMM kernel once, when the plan is built
// (gemm.Pack), and the bias, the ReLU and a residual block's shortcut
// are added in the GEMM's epilogue, tile by tile while C is in cache,
// instead of in passes over the output after it.
type convInfOp struct {
	*convOp
	pa  *gemm.Packed
	add int // slot added to the output (a residual block's shortcut), or -1
}

// inferConv wraps op for an inference plan (a training plan keeps op).
func (p *Plan) inferConv(op *convOp) planOp {
	if p.train {
		return op
	}
	return &convInfOp{convOp: op, pa: gemm.Pack(false, op.l.Out, op.k, op.w, op.k), add: -1}
}

// fwd convolves each image as one GEMM: on the image itself for a 1×1
// convolution, else on its column matrix.
func (o *convInfOp) fwd(p *Plan, pt *planPart) {
	inE, outE := p.elems[o.in], p.elems[o.out]
	x, y := pt.act[o.in], pt.act[o.out]
	ep := gemm.Epilogue{Bias: o.b, ReLU: o.relu}
	var col []float32
	if !o.direct {
		col = pt.col[:o.k*o.p]
	}
	for i := range pt.n {
		if o.add >= 0 {
			ep.Add = pt.act[o.add][i*outE : (i+1)*outE]
		}
		b := x[i*inE : (i+1)*inE]
		if !o.direct {
			im2colInf(o.g, b, col)
			b = col
		}
		o.pa.Mul(o.p, b, o.p, y[i*outE:(i+1)*outE], o.p, ep)
	}
}

// fuseResidual moves an inference residual block's addition (and its
// ReLU) into the epilogue of the branch's last convolution, when that
// convolution has no ReLU of its own: the convolution then writes the
// block's output, and the block only runs its paths.
func (p *Plan) fuseResidual(op *residualOp) {
	if p.train || op.scale != 1 || len(op.branch) == 0 {
		return
	}
	last, ok := op.branch[len(op.branch)-1].(*convInfOp)
	if !ok || last.relu || last.out != op.bSlot || last.add >= 0 {
		return
	}
	last.add, last.relu, last.out = op.sSlot, op.relu, op.out
	op.fused = true
}
