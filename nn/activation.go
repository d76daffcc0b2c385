package nn

import (
	"math"
	"strconv"
)

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
	y    *Tensor // cached output (every derivative here is a function of y)
}

// NewReLU, NewReLU6, NewTanh and NewScaledTanh declare activations.
func NewReLU(name string) *Activation  { return &Activation{Base: Base{name}, Kind: ActReLU} }
func NewReLU6(name string) *Activation { return &Activation{Base: Base{name}, Kind: ActReLU6} }
func NewTanh(name string) *Activation  { return &Activation{Base: Base{name}, Kind: ActTanh} }
func NewScaledTanh(name string) *Activation {
	return &Activation{Base: Base{name}, Kind: ActScaledTanh}
}

var actTypes = [...]string{"ReLU", "ReLU6", "Tanh", "ScaledTanh"}

// String is the activation's name as the summary prints it ("ReLU").
func (k ActKind) String() string {
	if k < 0 || int(k) >= len(actTypes) {
		return "ActKind(" + strconv.Itoa(int(k)) + ")"
	}
	return actTypes[k]
}

// Analyze: ReLU and ReLU6 run in place (torchvision's inplace=True), so
// their outputs are not counted as activation memory.
func (l *Activation) Analyze(a *Analyzer, in Flow) (Flow, error) {
	inPlace := l.Kind == ActReLU || l.Kind == ActReLU6
	return a.Leaf(l, in, LeafInfo{Type: l.Kind.String(), Out: in.Shape, InPlace: inPlace}), nil
}

// Forward writes a new tensor (x is left intact: a residual shortcut may
// still read it).
//
//	x: any shape → y: same shape
//	ReLU        y = max(0, x)
//	ReLU6       y = min(max(0, x), 6)
//	Tanh        y = tanh(x)
//	ScaledTanh  y = A·tanh(S·x)
func (l *Activation) Forward(c *Ctx, x *Tensor) *Tensor {
	y := ZerosLike(x)
	switch l.Kind {
	case ActReLU:
		for i, v := range x.Data {
			y.Data[i] = max(v, 0)
		}
	case ActReLU6:
		for i, v := range x.Data {
			y.Data[i] = min(max(v, 0), 6)
		}
	case ActTanh:
		for i, v := range x.Data {
			y.Data[i] = float32(math.Tanh(float64(v)))
		}
	case ActScaledTanh:
		for i, v := range x.Data {
			y.Data[i] = float32(ScaledTanhA * math.Tanh(ScaledTanhS*float64(v)))
		}
	default:
		panic("nn: unknown activation kind")
	}
	l.y = y
	return y
}

// Backward uses the cached output only.
//
//	dy: shape of y → dx: same shape
//	ReLU        dx = dy·[y > 0]
//	ReLU6       dx = dy·[0 < y < 6]       (PyTorch's hardtanh_backward: 0 at the clamps)
//	Tanh        dx = dy·(1 − y²)
//	ScaledTanh  dx = dy·A·S·(1 − tanh²(S·x)) = dy·(S/A)·(A² − y²)
func (l *Activation) Backward(dy *Tensor) *Tensor {
	dx := ZerosLike(dy)
	y := l.y.Data
	switch l.Kind {
	case ActReLU:
		for i, g := range dy.Data {
			if y[i] > 0 {
				dx.Data[i] = g
			}
		}
	case ActReLU6:
		for i, g := range dy.Data {
			if y[i] > 0 && y[i] < 6 {
				dx.Data[i] = g
			}
		}
	case ActTanh:
		for i, g := range dy.Data {
			dx.Data[i] = g * (1 - y[i]*y[i])
		}
	case ActScaledTanh:
		const a2, sa = ScaledTanhA * ScaledTanhA, ScaledTanhS / ScaledTanhA
		for i, g := range dy.Data {
			dx.Data[i] = g * float32(sa*(a2-float64(y[i])*float64(y[i])))
		}
	}
	return dx
}
