package nn

import (
	"github.com/cnnbook/cnnbook/nn/internal/gemm"
)

// Linear is a fully connected layer.
//
//	x: (N, In) (any per-sample shape with In elements) → y: (N, Out)
//	y = x·Wᵀ + b, W: (Out, In)
type Linear struct {
	Base
	In, Out int
	Weight  *Param  // (Out, In)
	Bias    *Param  // (Out) or nil
	x       *Tensor // (N, In) view of the last input
	inShape []int
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
	return a.Leaf(l, in, LeafInfo{Type: "Linear", Out: Shape{l.Out}, MACs: a.Count("MACs", int64(l.In), int64(l.Out)), Weighted: true, Global: true}), nil
}

// Forward is one GEMM.
//
//	x: (N, In) → y: (N, Out)
//	y = x·Wᵀ + b       GEMM(N×Out ← N×In · (Out×In)ᵀ)
func (l *Linear) Forward(c *Ctx, x *Tensor) *Tensor {
	n := x.Shape[0]
	if len(x.Data) != n*l.In {
		panic(ShapeErrorf("nn", l.ModuleName, "Linear expects %d inputs per sample, got input %v", l.In, x.Shape))
	}
	l.inShape = x.Shape
	l.x = x.Reshape(n, l.In)
	y := NewTensor(n, l.Out)
	if l.Bias != nil {
		for b := 0; b < n; b++ {
			copy(y.Data[b*l.Out:(b+1)*l.Out], l.Bias.Data)
		}
	}
	gemm.Sgemm(false, true, n, l.Out, l.In, 1, l.x.Data, l.In, l.Weight.Data, l.In, 1, y.Data, l.Out)
	return y
}

// Backward is two GEMMs and a column sum.
//
//	dy: (N, Out) → dx: (N, In) reshaped to the input's shape
//	dW += dyᵀ·x        GEMM(Out×In ← (N×Out)ᵀ · N×In)
//	dB += Σ_n dy
//	dx  = dy·W         GEMM(N×In ← N×Out · Out×In)
func (l *Linear) Backward(dy *Tensor) *Tensor {
	n := l.x.Shape[0]
	if dW := gradBuf(l.Weight); dW != nil {
		gemm.Sgemm(true, false, l.Out, l.In, n, 1, dy.Data, l.Out, l.x.Data, l.In, 1, dW, l.In)
	}
	if l.Bias != nil {
		if dB := gradBuf(l.Bias); dB != nil {
			for b := 0; b < n; b++ {
				for o, g := range dy.Data[b*l.Out : (b+1)*l.Out] {
					dB[o] += g
				}
			}
		}
	}
	dx := NewTensor(l.inShape...)
	gemm.Sgemm(false, false, n, l.In, l.Out, 1, dy.Data, l.Out, l.Weight.Data, l.In, 0, dx.Data, l.In)
	return dx
}
