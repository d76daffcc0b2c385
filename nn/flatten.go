package nn

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
