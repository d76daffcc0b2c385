package nn

// DenseConcat is the container of dense connectivity (Huang et al. 2017,
// "Densely Connected Convolutional Networks"): layer i receives the
// channel concatenation of the container's input and every earlier
// layer's output, and the container outputs the concatenation of all of
// them. It is the wiring only, whatever the layers are: DenseNet's dense
// block (chapters/variants' DenseNetBlock, of DenseNetBottleneck layers)
// is one. Not a "dense" (fully connected) layer: that is Linear.
//
//	x_0: (N, C, H, W); x_i = layer_i([x_0, …, x_{i−1}]): (N, k, H, W)
//	y = [x_0, x_1, …, x_L]: (N, C + L·k, H, W)
//
// Paths: x_i's path polynomial is layer_i applied to the sum of those of
// x_0…x_{i−1}; the output's is the sum over all x_i.
type DenseConcat struct {
	Base
	Layers []Module

	chans []int // C_i: channels of [x_0, …, x_i] in the last Forward
}

// NewDenseConcat declares a densely connected container of layers.
func NewDenseConcat(name string, layers ...Module) *DenseConcat {
	return &DenseConcat{Base: Base{name}, Layers: layers}
}

func (d *DenseConcat) Children() []Module { return d.Layers }

func (d *DenseConcat) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	flows := []Flow{in}
	cat := in
	for _, l := range d.Layers {
		f, err := a.Child(l, cat)
		if err != nil {
			return Flow{}, err
		}
		if len(f.Shape) != 3 || f.Shape[1] != in.Shape[1] || f.Shape[2] != in.Shape[2] {
			return Flow{}, a.Errorf("layer %s gives %v: a dense layer must keep the %d×%d size", l.Name(), f.Shape, in.Shape[1], in.Shape[2])
		}
		flows = append(flows, f)
		out := Shape{cat.Shape[0] + f.Shape[0], in.Shape[1], in.Shape[2]}
		if cat, err = a.Join(flows, out); err != nil {
			return Flow{}, err
		}
	}
	return cat, nil
}

// Forward concatenates as it goes; layer i keeps its own (concatenated)
// input for its Backward, which is where a densely connected network's memory goes.
//
//	x_0 = x: (N, C, H, W)
//	for i = 1…L: x_i = layer_i([x_0, …, x_{i−1}]): (N, k_i, H, W)
//	y = [x_0, …, x_L]: (N, C + Σk_i, H, W)
func (d *DenseConcat) Forward(c *Ctx, x *Tensor) *Tensor {
	cat := x
	d.chans = []int{x.Shape[1]}
	for _, l := range d.Layers {
		f := l.Forward(c, cat)
		cat = concatChannels(d.ModuleName, cat, f)
		d.chans = append(d.chans, cat.Shape[1])
	}
	return cat
}

// Backward walks the layers backwards; the gradient of each prefix
// [x_0, …, x_{i−1}] collects what every later layer sent back.
//
//	dy: (N, C_L, H, W) → dx: (N, C_0, H, W)
//	g = dy
//	for i = L…1: g[:, :C_{i−1}] += layer_i'(g[:, C_{i−1}:C_i])
//	dx = g[:, :C_0]
func (d *DenseConcat) Backward(dy *Tensor) *Tensor {
	n, hw := dy.Shape[0], len(dy.Data)/max(dy.Shape[0]*dy.Shape[1], 1)
	ct := dy.Shape[1]
	g := dy.Clone()
	for i := len(d.Layers); i >= 1; i-- {
		lo, hi := d.chans[i-1], d.chans[i]
		df := NewTensor(n, hi-lo, dy.Shape[2], dy.Shape[3])
		for b := 0; b < n; b++ {
			copy(df.Data[b*(hi-lo)*hw:(b+1)*(hi-lo)*hw], g.Data[(b*ct+lo)*hw:(b*ct+hi)*hw])
		}
		din := d.Layers[i-1].Backward(df)
		for b := 0; b < n; b++ {
			dst := g.Data[b*ct*hw : (b*ct+lo)*hw]
			for j, v := range din.Data[b*lo*hw : (b+1)*lo*hw] {
				dst[j] += v
			}
		}
	}
	c0 := d.chans[0]
	dx := NewTensor(n, c0, dy.Shape[2], dy.Shape[3])
	for b := 0; b < n; b++ {
		copy(dx.Data[b*c0*hw:(b+1)*c0*hw], g.Data[b*ct*hw:(b*ct+c0)*hw])
	}
	return dx
}

// concatChannels returns [a, b] along the channel axis.
//
//	a: (N, Ca, H, W), b: (N, Cb, H, W) → (N, Ca+Cb, H, W)
func concatChannels(name string, a, b *Tensor) *Tensor {
	if len(a.Shape) != 4 || len(b.Shape) != 4 || a.Shape[0] != b.Shape[0] || a.Shape[2] != b.Shape[2] || a.Shape[3] != b.Shape[3] {
		panic(ShapeErrorf("nn", name, "cannot concatenate %v and %v along channels", a.Shape, b.Shape))
	}
	n, ca, cb := a.Shape[0], a.Shape[1], b.Shape[1]
	hw := a.Shape[2] * a.Shape[3]
	y := NewTensor(n, ca+cb, a.Shape[2], a.Shape[3])
	for s := 0; s < n; s++ {
		copy(y.Data[s*(ca+cb)*hw:], a.Data[s*ca*hw:(s+1)*ca*hw])
		copy(y.Data[(s*(ca+cb)+ca)*hw:], b.Data[s*cb*hw:(s+1)*cb*hw])
	}
	return y
}
