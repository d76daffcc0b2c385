package nn

import "fmt"

// ConvTranspose2D is the adjoint of Conv2D (PyTorch's ConvTranspose2d):
// the deconvnet's "transposed filter" (Zeiler & Fergus 2014 §2.1).
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW)
//	OH = (H−1)·s − 2p + d·(k−1) + output_padding + 1
//	y[n, o, i·s−p+u·d, j·s−p+v·d] += W[c, o−g·Out/G, u, v] · x[n, c, i, j]
type ConvTranspose2D struct {
	Base
	Window2D
	In, Out, G int
	OutPad     int
	Weight     *Param // (In, Out/G, KH, KW), as PyTorch stores it
	Bias       *Param // (Out) or nil

	x *Tensor
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
		return Flow{}, a.Errorf("expects %d input channels, receives %d (input %v)", l.In, c, in.Shape)
	}
	if l.OutPad >= max(l.SH, l.DH) || l.OutPad >= max(l.SW, l.DW) {
		return Flow{}, a.Errorf("output_padding %d must be smaller than the stride %d or the dilation %d", l.OutPad, l.SH, l.DH)
	}
	oh, ow := l.OutSize(h, w)
	if oh < 1 || ow < 1 {
		return Flow{}, a.Errorf("output (%d−1)·%d − 2·%d + %d·(%d−1) + %d + 1 = %d is empty", h, l.SH, l.PH, l.DH, l.KH, l.OutPad, oh)
	}
	macs := int64(l.In) * int64(h) * int64(w) * int64(l.Out/l.G) * int64(l.KH) * int64(l.KW)
	return a.Leaf(l, in, LeafInfo{Type: "ConvTranspose2d", Out: Shape{l.Out, oh, ow}, MACs: macs, Weighted: true}), nil
}

// OutSize is (H−1)·s − 2p + d·(k−1) + output_padding + 1 per axis.
func (l *ConvTranspose2D) OutSize(h, w int) (int, int) {
	return (h-1)*l.SH - 2*l.PH + l.DH*(l.KH-1) + l.OutPad + 1, (w-1)*l.SW - 2*l.PW + l.DW*(l.KW-1) + l.OutPad + 1
}
