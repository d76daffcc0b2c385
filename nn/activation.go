package nn

import "math"

// ActKind selects an element-wise activation.
type ActKind int

const (
	ActReLU       ActKind = iota // max(0, x)
	ActReLU6                     // min(max(0, x), 6) (MobileNet)
	ActTanh                      // tanh(x)
	ActScaledTanh                // LeNet-1998 appendix A: f(a) = A·tanh(S·a), A = 1.7159, S = 2/3
)

// LeNet-1998 appendix A: "A is chosen to be 1.7159", S = 2/3, so that f(±1) = ±1.
const (
	ScaledTanhA = 1.7159
	ScaledTanhS = 2.0 / 3.0
)

// Activation applies an element-wise non-linearity.
//
//	x: any shape → y: same shape
type Activation struct {
	Base
	Kind ActKind
	y    *Tensor // cached output (every derivative here is a function of y or x)
	x    *Tensor
}

// NewReLU, NewReLU6, NewTanh and NewScaledTanh declare activations.
func NewReLU(name string) *Activation  { return &Activation{Base: Base{name}, Kind: ActReLU} }
func NewReLU6(name string) *Activation { return &Activation{Base: Base{name}, Kind: ActReLU6} }
func NewTanh(name string) *Activation  { return &Activation{Base: Base{name}, Kind: ActTanh} }
func NewScaledTanh(name string) *Activation {
	return &Activation{Base: Base{name}, Kind: ActScaledTanh}
}

var actTypes = [...]string{"ReLU", "ReLU6", "Tanh", "ScaledTanh"}

// Analyze: ReLU and ReLU6 run in place (torchvision's inplace=True), so
// their outputs are not counted as activation memory.
func (l *Activation) Analyze(a *Analyzer, in Flow) (Flow, error) {
	inPlace := l.Kind == ActReLU || l.Kind == ActReLU6
	return a.Leaf(l, in, LeafInfo{Type: actTypes[l.Kind], Out: in.Shape, InPlace: inPlace}), nil
}

var _ = math.Tanh
