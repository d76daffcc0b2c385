package nn

// Aux is an auxiliary classifier (GoogLeNet §5): a side head that runs
// only in training. It passes its input through unchanged; in training the
// head's output is kept in Out for the loss, and Backward adds the head's
// input gradient for DOut (set by the trainer) to the main gradient.
// Its parameters count in the model's total but not in the inference graph.
type Aux struct {
	Base
	Head Module
	Out  *Tensor // the head's output of the last training Forward
	DOut *Tensor // dL/dOut, set before Backward; nil means no auxiliary loss
}

// NewAux declares an auxiliary head.
func NewAux(name string, head Module) *Aux { return &Aux{Base: Base{name}, Head: head} }

func (x *Aux) Children() []Module { return []Module{x.Head} }

func (x *Aux) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if err := a.TrainOnly(x.Head, in); err != nil {
		return Flow{}, err
	}
	return in, nil
}

// Forward runs the head in training only.
func (x *Aux) Forward(c *Ctx, in *Tensor) *Tensor {
	x.Out = nil
	if c.Train {
		x.Out = x.Head.Forward(c, in)
	}
	return in
}

// Backward: dx = dy + Head.Backward(DOut).
func (x *Aux) Backward(dy *Tensor) *Tensor {
	if x.Out == nil || x.DOut == nil {
		return dy
	}
	dh := x.Head.Backward(x.DOut)
	dx := dy.Clone()
	for i, v := range dh.Data {
		dx.Data[i] += v
	}
	return dx
}
