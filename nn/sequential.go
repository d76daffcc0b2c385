package nn

// Sequential runs its layers one after another.
type Sequential struct {
	Base
	Layers []Module
}

// Seq builds a Sequential named name.
func Seq(name string, layers ...Module) *Sequential {
	return &Sequential{Base: Base{name}, Layers: layers}
}

// Append adds layers at the end.
func (s *Sequential) Append(layers ...Module) *Sequential {
	s.Layers = append(s.Layers, layers...)
	return s
}

func (s *Sequential) Children() []Module { return s.Layers }

// Forward: x → layer_n(…layer_1(x)).
func (s *Sequential) Forward(c *Ctx, x *Tensor) *Tensor {
	for _, l := range s.Layers {
		x = l.Forward(c, x)
	}
	return x
}

// Backward runs the layers' Backward in reverse order.
func (s *Sequential) Backward(dy *Tensor) *Tensor {
	for i := len(s.Layers) - 1; i >= 0; i-- {
		dy = s.Layers[i].Backward(dy)
	}
	return dy
}

// Analyze chains the children's flows; paths multiply (the polynomial
// is carried along and shifted by each weighted layer).
func (s *Sequential) Analyze(a *Analyzer, in Flow) (Flow, error) {
	var err error
	for _, l := range s.Layers {
		if in, err = a.Child(l, in); err != nil {
			return Flow{}, err
		}
	}
	return in, nil
}

// Find returns the descendant at the dotted path ("features.0",
// "layer2.0.conv1"), or nil.
func Find(m Module, path string) Module {
	var found Module
	Walk(m, func(p string, c Module) {
		if found == nil && p == path {
			found = c
		}
	})
	return found
}
