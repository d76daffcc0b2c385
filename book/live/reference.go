package live

import (
	"github.com/cnnbook/cnnbook/nn"
)

// Reference is Run with the slow but obviously correct sums: every
// convolution by nn.Conv2DReference and every linear layer by a direct
// dot product, both accumulating in float64, so the result does not
// depend on which GEMM kernel the machine has (the book's static
// pictures are built from it, and docs/ must be the same bytes on every
// kernel). ReLU, max-pooling and flattening are exact on any kernel and
// run their own Forward.
func (n *Net) Reference(x *nn.Tensor) *Trace {
	return traceOf(n.layers, x, reference, nil)
}

func reference(m nn.Module, x *nn.Tensor) *nn.Tensor {
	switch l := m.(type) {
	case *nn.Sequential:
		for _, c := range l.Layers {
			x = reference(c, x)
		}
		return x
	case *nn.Conv2D:
		var b []float32
		if l.Bias != nil {
			b = l.Bias.Data
		}
		return nn.Conv2DReference(l, x, l.Weight.Data, b)
	case *nn.Linear:
		n := x.Shape[0]
		y := nn.NewTensor(n, l.Out)
		for s := 0; s < n; s++ {
			in := x.Data[s*l.In : (s+1)*l.In]
			for o := 0; o < l.Out; o++ {
				var sum float64
				if l.Bias != nil {
					sum = float64(l.Bias.Data[o])
				}
				for i, v := range in {
					sum += float64(l.Weight.Data[o*l.In+i]) * float64(v)
				}
				y.Data[s*l.Out+o] = float32(sum)
			}
		}
		return y
	default:
		return m.Forward(nn.Eval, x)
	}
}
