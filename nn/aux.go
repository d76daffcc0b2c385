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

func (au *Aux) Children() []Module { return []Module{au.Head} }

func (au *Aux) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if err := a.TrainOnly(au.Head, in); err != nil {
		return Flow{}, err
	}
	return in, nil
}

// Forward runs the head in training only.
func (au *Aux) Forward(c *Ctx, in *Tensor) *Tensor {
	au.Out = nil
	if c.Train {
		au.Out = au.Head.Forward(c, in)
	}
	return in
}

// Backward: dx = dy + Head.Backward(DOut).
func (au *Aux) Backward(dy *Tensor) *Tensor {
	if au.Out == nil || au.DOut == nil {
		return dy
	}
	dh := au.Head.Backward(au.DOut)
	dx := dy.Clone()
	for i, v := range dh.Data {
		dx.Data[i] += v
	}
	return dx
}
