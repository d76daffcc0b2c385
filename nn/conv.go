package nn

import "fmt"

// Conv2D is a 2-D convolution (cross-correlation, as in PyTorch) with
// stride, zero padding, dilation and groups.
//
//	x: (N, In, H, W) → y: (N, Out, OH, OW)
//	y[n,o,i,j] = b[o] + Σ_{c∈group(o), u, v} W[o, c−g·In/G, u, v] · x[n, c, i·s−p+u·d, j·s−p+v·d]
type Conv2D struct {
	Base
	Window2D
	In, Out, G int
	Weight     *Param // (Out, In/G, KH, KW)
	Bias       *Param // (Out) or nil

	x *Tensor // cached input
}

// NewConv2D declares a convolution from in to out channels with a k×k kernel.
func NewConv2D(name string, in, out, k int, opts ...Opt) *Conv2D {
	c := newConfig(k, opts)
	if c.groups < 1 || in%c.groups != 0 || out%c.groups != 0 {
		panic(fmt.Sprintf("nn: %s: groups %d must divide in %d and out %d", name, c.groups, in, out))
	}
	l := &Conv2D{Base: Base{name}, Window2D: c.Window2D, In: in, Out: out, G: c.groups}
	l.Weight = NewParam("weight", InitHe, out, in/c.groups, c.KH, c.KW)
	if !c.noBias {
		l.Bias = NewParam("bias", InitZeros, out)
	}
	return l
}

func (l *Conv2D) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Analyze checks the channels and the window; MACs = Out·OH·OW·(In/G)·KH·KW.
func (l *Conv2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) == 3 && in.Shape[0] != l.In {
		return Flow{}, a.Errorf("expects %d input channels, receives %d (input %v)", l.In, in.Shape[0], in.Shape)
	}
	oh, ow, err := l.Window2D.out(a, in.Shape)
	if err != nil {
		return Flow{}, err
	}
	macs := int64(l.Out) * int64(oh) * int64(ow) * int64(l.In/l.G) * int64(l.KH) * int64(l.KW)
	return a.Leaf(l, in, LeafInfo{Type: "Conv2d", Out: Shape{l.Out, oh, ow}, MACs: macs, Weighted: true, Window: l.rfWindow()}), nil
}

// OutSize is the output height and width for an H×W input (floor mode).
func (l *Conv2D) OutSize(h, w int) (int, int) {
	return (h+2*l.PH-l.DH*(l.KH-1)-1)/l.SH + 1, (w+2*l.PW-l.DW*(l.KW-1)-1)/l.SW + 1
}
