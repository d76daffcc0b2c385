package nn

// DenseBlock is DenseNet's block (Huang et al. 2017): layer i receives the
// channel concatenation of the block input and every earlier layer's
// output, and the block outputs the concatenation of all of them.
//
//	x_0: (N, C, H, W); x_i = layer_i([x_0, …, x_{i−1}]): (N, k, H, W)
//	y = [x_0, x_1, …, x_L]: (N, C + L·k, H, W)
//
// Paths: x_i's path polynomial is layer_i applied to the sum of those of
// x_0…x_{i−1}; the output's is the sum over all x_i.
type DenseBlock struct {
	Base
	Layers []Module

	feats []*Tensor // x_0 … x_L of the last Forward
}

// NewDenseBlock declares a dense block.
func NewDenseBlock(name string, layers ...Module) *DenseBlock {
	return &DenseBlock{Base: Base{name}, Layers: layers}
}

func (d *DenseBlock) Children() []Module { return d.Layers }

func (d *DenseBlock) Analyze(a *Analyzer, in Flow) (Flow, error) {
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
