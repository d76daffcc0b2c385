package lenet

import "github.com/cnnbook/cnnbook/nn"

// Subsampling is LeNet-5's trainable sub-sampling layer, S2 and S4
// (LeCun et al. 1998 §II.B): "The four inputs to a unit in S2 are added,
// then multiplied by a trainable coefficient, and added to a trainable
// bias." One coefficient and one bias per feature map; the windows do not
// overlap. The squashing function that follows is a separate layer.
//
//	x: (N, C, H, W) → y: (N, C, ⌊H/2⌋, ⌊W/2⌋)
//	y[n,c,i,j] = w[c] · Σ_{u,v∈{0,1}} x[n,c,2i+u,2j+v] + b[c]
//
// It is a depthwise 2×2 convolution with stride 2 whose four taps are tied,
// so the analysis counts it as a weighted layer with 4 MACs per output.
type Subsampling struct {
	nn.Base
	C      int
	Weight *nn.Param // (C): the trainable coefficient of each map
	Bias   *nn.Param // (C)

	x   *nn.Tensor // cached input
	sum []float32  // cached window sums, (N, C, OH, OW)
}

// NewSubsampling declares a trainable 2×2 sub-sampling over c maps.
// The coefficient and the bias are drawn uniformly in ±2.4/4 (Appendix C:
// ±2.4/F_i, and a unit of S2 has fan-in 4).
func NewSubsampling(name string, c int) *Subsampling {
	l := &Subsampling{Base: nn.Base{ModuleName: name}, C: c,
		Weight: nn.NewParam("weight", nn.InitUniform, c),
		Bias:   nn.NewParam("bias", nn.InitUniform, c)}
	fanIn(4, l.Weight, l.Bias)
	return l
}

func (l *Subsampling) Params() []*nn.Param { return []*nn.Param{l.Weight, l.Bias} }

// Analyze: 2×2 windows, stride 2; MACs = C·OH·OW·4 (the tied taps).
func (l *Subsampling) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	if len(in.Shape) != 3 {
		return nn.Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	c, h, w := in.Shape.CHW()
	if c != l.C {
		return nn.Flow{}, a.Errorf("expects %d maps, receives %d (input %v)", l.C, c, in.Shape)
	}
	oh, err := a.WindowOut(h, 2, 2, 0, 1, false)
	if err != nil {
		return nn.Flow{}, err
	}
	ow, err := a.WindowOut(w, 2, 2, 0, 1, false)
	if err != nil {
		return nn.Flow{}, err
	}
	macs := a.Count("MACs", int64(c), int64(oh), int64(ow), 4)
	return a.Leaf(l, in, nn.LeafInfo{Type: "Subsampling", Out: nn.Shape{c, oh, ow}, MACs: macs,
		Weighted: true, Window: &nn.Window{K: 2, S: 2}}), nil
}

// Forward adds each 2×2 window, scales the sum and adds the bias.
//
//	x: (N, C, H, W) → y: (N, C, H/2, W/2)
func (l *Subsampling) Forward(c *nn.Ctx, x *nn.Tensor) *nn.Tensor {
	if len(x.Shape) != 4 || x.Shape[1] != l.C {
		panic(nn.ShapeErrorf("lenet", l.Name(), "input %v, want (N, %d, H, W)", x.Shape, l.C))
	}
	n, ch, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oh, ow := h/2, w/2
	y := nn.NewTensor(n, ch, oh, ow)
	l.x = x
	l.sum = make([]float32, len(y.Data))
	for p := 0; p < n*ch; p++ { // one (sample, map) plane at a time
		cc := p % ch
		in, sum, out := x.Data[p*h*w:(p+1)*h*w], l.sum[p*oh*ow:(p+1)*oh*ow], y.Data[p*oh*ow:(p+1)*oh*ow]
		wc, bc := l.Weight.Data[cc], l.Bias.Data[cc]
		for i := 0; i < oh; i++ {
			r0, r1 := in[2*i*w:], in[(2*i+1)*w:]
			for j := 0; j < ow; j++ {
				s := r0[2*j] + r0[2*j+1] + r1[2*j] + r1[2*j+1]
				sum[i*ow+j] = s
				out[i*ow+j] = wc*s + bc
			}
		}
	}
	return y
}

// Backward:
//
//	dW[c] += Σ dy·sum,  dB[c] += Σ dy,  dx[n,c,2i+u,2j+v] = w[c]·dy[n,c,i,j]
//
// (rows and columns an odd size left out get zero gradient).
func (l *Subsampling) Backward(dy *nn.Tensor) *nn.Tensor {
	x := l.x
	n, ch, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oh, ow := h/2, w/2
	dx := nn.ZerosLike(x)
	for p := 0; p < n*ch; p++ {
		cc := p % ch
		g, sum, d := dy.Data[p*oh*ow:(p+1)*oh*ow], l.sum[p*oh*ow:(p+1)*oh*ow], dx.Data[p*h*w:(p+1)*h*w]
		wc := l.Weight.Data[cc]
		var dw, db float32
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				gij := g[i*ow+j]
				dw += gij * sum[i*ow+j]
				db += gij
				v := wc * gij
				d[2*i*w+2*j], d[2*i*w+2*j+1] = v, v
				d[(2*i+1)*w+2*j], d[(2*i+1)*w+2*j+1] = v, v
			}
		}
		if l.Weight.Grad != nil {
			l.Weight.Grad[cc] += dw
		}
		if l.Bias.Grad != nil {
			l.Bias.Grad[cc] += db
		}
	}
	return dx
}
