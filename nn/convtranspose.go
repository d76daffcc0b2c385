package nn

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn/internal/conv"
	"github.com/cnnbook/cnnbook/nn/internal/gemm"
)

// ConvTranspose2D is the adjoint of Conv2D (PyTorch's ConvTranspose2d):
// the deconvnet's "transposed filter" (Zeiler & Fergus 2014 §2.1).
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW)
//	OH = (H−1)·s − 2p + d·(k−1) + output_padding + 1
//	y[n, o, i·s−p+u·d, j·s−p+v·d] += W[c, o−g·Out/G, u, v] · x[n, c, i, j]
//
// Its Forward is a Conv2D's data-gradient pass (GEMM + col2im) and its
// Backward a Conv2D's forward pass (im2col + GEMM); ConvTranspose2DReference
// is the scatter above as nested loops.
type ConvTranspose2D struct {
	Base
	Window2D
	In, Out, G int
	OutPad     int
	Weight     *Param // (In, Out/G, KH, KW), as PyTorch stores it
	Bias       *Param // (Out) or nil

	x       *Tensor
	scratch convScratch
}

// NewConvTranspose2D declares a transposed convolution.
func NewConvTranspose2D(name string, in, out, k int, opts ...Opt) *ConvTranspose2D {
	c := newConfig(k, opts)
	if c.groups < 1 || in%c.groups != 0 || out%c.groups != 0 {
		panic(fmt.Sprintf("nn: %s: groups %d must divide in %d and out %d", name, c.groups, in, out))
	}
	l := &ConvTranspose2D{Base: Base{name}, Window2D: c.Window2D, In: in, Out: out, G: c.groups, OutPad: c.outPad}
	l.Weight = NewParam("weight", InitHe, in, out/c.groups, c.KH, c.KW)
	l.Weight.FanIn, l.Weight.FanOut = l.Weight.FanOut, l.Weight.FanIn
	if !c.noBias {
		l.Bias = NewParam("bias", InitZeros, out)
	}
	return l
}

// geom is the geometry of the convolution this layer is the adjoint of,
// for one image and one group: it reads the OH×OW output (Out/G channels)
// and produces the H×W input.
func (l *ConvTranspose2D) geom(h, w int) conv.Geom {
	oh, ow := l.OutSize(h, w)
	return conv.Geom{C: l.Out / l.G, H: oh, W: ow, KH: l.KH, KW: l.KW, SH: l.SH, SW: l.SW,
		PH: l.PH, PW: l.PW, DH: l.DH, DW: l.DW, OH: h, OW: w}
}

// Forward scatters through col2im, per image n and group g:
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW);  M = (Out/G)·KH·KW, P = H·W
//	col = W_gᵀ · x[n, group g]      (M, In/G)·(In/G, P) → (M, P)
//	y[n, group g] = col2im(col) + b (overlapping taps add)
func (l *ConvTranspose2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, h, w := dims4(l.Name(), x)
	if ch != l.In {
		panic(ShapeErrorf("nn", l.Name(), "expects %d input channels, receives %d (input shape %v)", l.In, ch, x.Shape))
	}
	g := l.geom(h, w)
	if g.H < 1 || g.W < 1 {
		panic(ShapeErrorf("nn", l.Name(), "empty %d×%d output", g.H, g.W))
	}
	if l.Weight.Data == nil {
		panic("nn: " + l.Name() + ": weight is not initialised (call InitParams or load weights)")
	}
	l.x = x
	cpg, opg := l.In/l.G, l.Out/l.G
	m, p, q := opg*l.KH*l.KW, h*w, g.H*g.W
	y := NewTensor(n, l.Out, g.H, g.W)
	wd := l.Weight.Data
	direct := isPointwise(g) && g.H == h && g.W == w
	colLen := m * p
	if direct {
		colLen = 0
	}
	l.scratch.run(n*l.G, 2*int64(cpg)*int64(m)*int64(p), colLen, 0, nil, func(ws *convWork, _ []float32, t int) {
		ni, gi := t/l.G, t%l.G
		xg := x.Data[(ni*l.In+gi*cpg)*p : (ni*l.In+(gi+1)*cpg)*p]
		yg := y.Data[(ni*l.Out+gi*opg)*q : (ni*l.Out+(gi+1)*opg)*q]
		wg := wd[gi*cpg*m : (gi+1)*cpg*m]
		if direct {
			gemm.Sgemm(true, false, m, p, cpg, 1, wg, m, xg, p, 0, yg, p)
			return
		}
		gemm.Sgemm(true, false, m, p, cpg, 1, wg, m, xg, p, 0, ws.col, p)
		conv.Col2Im(g, ws.col, yg)
	})
	if l.Bias != nil {
		addBias(y.Data, l.Bias.Data, n, l.Out, q)
	}
	return y
}

// Backward gathers through im2col, per image and group:
//
//	dy: (N, Out, OH, OW) → dx: (N, In, H, W)
//	col   = im2col(dy[n, group g])     (M, P)
//	dx_g  = W_g · col                  (In/G, M)·(M, P)
//	dW_g += x_g · colᵀ                 (In/G, P)·(P, M)
//	dB[o] += Σ_{n,i,j} dy[n,o,i,j]
func (l *ConvTranspose2D) Backward(dy *Tensor) *Tensor {
	if l.x == nil {
		panic("nn: " + l.Name() + ": ConvTranspose2D.Backward before Forward")
	}
	x := l.x
	n, h, w := x.Shape[0], x.Shape[2], x.Shape[3]
	g := l.geom(h, w)
	cpg, opg := l.In/l.G, l.Out/l.G
	m, p, q := opg*l.KH*l.KW, h*w, g.H*g.W
	if len(dy.Data) != n*l.Out*q {
		panic(fmt.Sprintf("nn: %s: ConvTranspose2D.Backward: dy shape %v, the last Forward gave (%d, %d, %d, %d)", l.Name(), dy.Shape, n, l.Out, g.H, g.W))
	}
	grad := gradBuf(l.Weight) // nil: a frozen weight gets no gradient
	dx := NewTensor(x.Shape...)
	wd := l.Weight.Data
	direct := isPointwise(g) && g.H == h && g.W == w
	colLen := m * p
	if direct {
		colLen = 0
	}
	l.scratch.run(n*l.G, 4*int64(cpg)*int64(m)*int64(p), colLen, len(wd), grad, func(ws *convWork, dW []float32, t int) {
		ni, gi := t/l.G, t%l.G
		xg := x.Data[(ni*l.In+gi*cpg)*p : (ni*l.In+(gi+1)*cpg)*p]
		dxg := dx.Data[(ni*l.In+gi*cpg)*p : (ni*l.In+(gi+1)*cpg)*p]
		dyg := dy.Data[(ni*l.Out+gi*opg)*q : (ni*l.Out+(gi+1)*opg)*q]
		wg := wd[gi*cpg*m : (gi+1)*cpg*m]
		col := dyg
		if !direct {
			col = ws.col
			conv.Im2Col(g, dyg, col)
		}
		gemm.Sgemm(false, false, cpg, p, m, 1, wg, m, col, p, 0, dxg, p)
		if len(dW) > 0 { // not frozen
			gemm.Sgemm(false, true, cpg, m, p, 1, xg, p, col, p, 1, dW[gi*cpg*m:(gi+1)*cpg*m], m)
		}
	})
	if l.Bias != nil {
		if dB := gradBuf(l.Bias); dB != nil {
			biasGrad(dB, dy.Data, n, l.Out, q)
		}
	}
	return dx
}

func (l *ConvTranspose2D) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Analyze: MACs = In·H·W·(Out/G)·KH·KW. output_padding must be smaller than
// the stride or the dilation (PyTorch's rule).
func (l *ConvTranspose2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	c, h, w := in.Shape.CHW()
	if c != l.In {
		return Flow{}, a.Errorf("expects %s, receives %d (input %v)", plural(l.In, "input channel"), c, in.Shape)
	}
	if l.KH < 1 || l.KW < 1 || l.SH < 1 || l.SW < 1 || l.PH < 0 || l.PW < 0 || l.DH < 1 || l.DW < 1 || l.OutPad < 0 {
		return Flow{}, a.Errorf("invalid window: kernel %d×%d, stride %d×%d, padding %d×%d, dilation %d×%d, output_padding %d",
			l.KH, l.KW, l.SH, l.SW, l.PH, l.PW, l.DH, l.DW, l.OutPad)
	}
	if l.OutPad >= max(l.SH, l.DH) || l.OutPad >= max(l.SW, l.DW) {
		return Flow{}, a.Errorf("output_padding %d must be smaller than the stride %d or the dilation %d", l.OutPad, l.SH, l.DH)
	}
	if _, ok := mulCount(int64(max(h, w)), int64(max(l.SH, l.SW)+max(l.DH*l.KH, l.DW*l.KW)+l.OutPad+1)); !ok {
		return Flow{}, a.Errorf("input %d×%d: the output size (H−1)·%d + … exceeds 2⁶³−1", h, w, l.SH)
	}
	oh, ow := l.OutSize(h, w)
	if oh < 1 {
		return Flow{}, a.Errorf("output height (%d−1)·%d − 2·%d + %d·(%d−1) + %d + 1 = %d is empty", h, l.SH, l.PH, l.DH, l.KH, l.OutPad, oh)
	}
	if ow < 1 {
		return Flow{}, a.Errorf("output width (%d−1)·%d − 2·%d + %d·(%d−1) + %d + 1 = %d is empty", w, l.SW, l.PW, l.DW, l.KW, l.OutPad, ow)
	}
	macs := a.Count("MACs", int64(l.In), int64(h), int64(w), int64(l.Out/l.G), int64(l.KH), int64(l.KW))
	return a.Leaf(l, in, LeafInfo{Type: "ConvTranspose2d", Out: Shape{l.Out, oh, ow}, MACs: macs, Weighted: true}), nil
}

// OutSize is (H−1)·s − 2p + d·(k−1) + output_padding + 1 per axis.
func (l *ConvTranspose2D) OutSize(h, w int) (int, int) {
	return (h-1)*l.SH - 2*l.PH + l.DH*(l.KH-1) + l.OutPad + 1, (w-1)*l.SW - 2*l.PW + l.DW*(l.KW-1) + l.OutPad + 1
}
