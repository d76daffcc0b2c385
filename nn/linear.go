package nn

// Linear is a fully connected layer.
//
//	x: (N, In) (any per-sample shape with In elements) → y: (N, Out)
//	y = x·Wᵀ + b, W: (Out, In)
type Linear struct {
	Base
	In, Out int
	Weight  *Param // (Out, In)
	Bias    *Param // (Out) or nil
	x       *Tensor
}

// NewLinear declares a fully connected layer with bias.
func NewLinear(name string, in, out int) *Linear {
	return &Linear{Base: Base{name}, In: in, Out: out,
		Weight: NewParam("weight", InitHe, out, in), Bias: NewParam("bias", InitZeros, out)}
}

func (l *Linear) Params() []*Param {
	if l.Bias == nil {
		return []*Param{l.Weight}
	}
	return []*Param{l.Weight, l.Bias}
}

// Analyze: MACs = In·Out. A linear layer fed the wrong number of values is
// an error naming both counts and the shape they came from.
func (l *Linear) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if n := in.Shape.Elems(); n != int64(l.In) {
		from := in.Shape
		if in.Unflat != nil {
			from = in.Unflat
		}
		return Flow{}, a.Errorf("expects %s inputs, receives %s (= %v)", Comma(int64(l.In)), Comma(n), from)
	}
	return a.Leaf(l, in, LeafInfo{Type: "Linear", Out: Shape{l.Out}, MACs: int64(l.In) * int64(l.Out), Weighted: true, Global: true}), nil
}

// Flatten turns (N, C, H, W) into (N, C·H·W) without copying.
type Flatten struct {
	Base
	inShape []int
}

// NewFlatten declares a flatten.
func NewFlatten(name string) *Flatten { return &Flatten{Base: Base{name}} }

func (l *Flatten) Analyze(a *Analyzer, in Flow) (Flow, error) {
	out := a.Leaf(l, in, LeafInfo{Type: "Flatten", Out: Shape{int(in.Shape.Elems())}, InPlace: true, Global: true})
	out.Unflat = in.Shape
	return out, nil
}

// Forward reshapes; Backward reshapes back.
func (l *Flatten) Forward(c *Ctx, x *Tensor) *Tensor {
	l.inShape = x.Shape
	return x.Reshape(x.Shape[0], len(x.Data)/max(x.Shape[0], 1))
}

func (l *Flatten) Backward(dy *Tensor) *Tensor { return dy.Reshape(l.inShape...) }
