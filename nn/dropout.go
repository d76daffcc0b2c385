package nn

// Dropout zeroes each element with probability P in training and scales
// the survivors by 1/(1−P) ("inverted" dropout, as PyTorch), so eval is the
// identity. AlexNet §4.2 uses P = 0.5 in fc6 and fc7.
type Dropout struct {
	Base
	P    float64
	mask []float32 // 0 or 1/(1−P), of the last training Forward; nil after eval
}

// NewDropout declares dropout with drop probability p.
func NewDropout(name string, p float64) *Dropout {
	if p < 0 || p >= 1 {
		panic("nn: dropout probability must be in [0, 1)")
	}
	return &Dropout{Base: Base{name}, P: p}
}

func (l *Dropout) Analyze(a *Analyzer, in Flow) (Flow, error) {
	return a.Leaf(l, in, LeafInfo{Type: "Dropout", Out: in.Shape, InPlace: true}), nil
}

// Forward draws one uniform number per element from c.Rng, in element
// order, so a given seed gives a given mask.
//
//	x: any shape → y: same shape
//	training: m_i = [u_i ≥ P]/(1−P), y = m ⊙ x;   eval: y = x (the same tensor)
func (l *Dropout) Forward(c *Ctx, x *Tensor) *Tensor {
	l.mask = nil
	if !c.Train || l.P == 0 {
		return x
	}
	if c.Rng == nil {
		panic("nn: Dropout in training needs Ctx.Rng")
	}
	keep := float32(1 / (1 - l.P))
	l.mask = make([]float32, len(x.Data))
	y := ZerosLike(x)
	for i, v := range x.Data {
		if c.Rng.Float64() >= l.P {
			l.mask[i] = keep
			y.Data[i] = v * keep
		}
	}
	return y
}

// Backward applies the same mask.
//
//	dy: shape of y → dx = m ⊙ dy (dx = dy in eval)
func (l *Dropout) Backward(dy *Tensor) *Tensor {
	if l.mask == nil {
		return dy
	}
	dx := ZerosLike(dy)
	for i, g := range dy.Data {
		dx.Data[i] = g * l.mask[i]
	}
	return dx
}
