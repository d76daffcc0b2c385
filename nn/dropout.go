package nn

// Dropout zeroes each element with probability P in training and scales
// the survivors by 1/(1−P) ("inverted" dropout, as PyTorch), so eval is the
// identity. AlexNet §4.2 uses P = 0.5 in fc6 and fc7.
type Dropout struct {
	Base
	P    float64
	mask []float32 // 0 or 1/(1−P), of the last training Forward
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
