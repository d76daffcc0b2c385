package nn

// BatchNorm2D normalises each channel (Ioffe & Szegedy 2015), as
// PyTorch's BatchNorm2d:
//
//	training: y = γ·(x − μ_B)/√(σ²_B + ε) + β, σ²_B the biased batch variance;
//	          running_mean ← (1−m)·running_mean + m·μ_B
//	          running_var  ← (1−m)·running_var  + m·σ²_B·M/(M−1)   (unbiased, M = N·H·W)
//	eval:     y = γ·(x − running_mean)/√(running_var + ε) + β
type BatchNorm2D struct {
	Base
	C            int
	Eps          float64 // PyTorch default 1e−5
	Momentum     float64 // PyTorch default 0.1
	Weight, Bias *Param  // γ, β: (C)
	RunningMean  *Param  // buffer (C)
	RunningVar   *Param  // buffer (C)

	train      bool
	xhat       *Tensor
	invStd     []float64
	inputShape []int
}

// NewBatchNorm2D declares BatchNorm over c channels with PyTorch's defaults.
func NewBatchNorm2D(name string, c int) *BatchNorm2D {
	l := &BatchNorm2D{Base: Base{name}, C: c, Eps: 1e-5, Momentum: 0.1}
	l.Weight = NewParam("weight", InitOnes, c)
	l.Bias = NewParam("bias", InitZeros, c)
	l.RunningMean = NewParam("running_mean", InitZeros, c)
	l.RunningMean.Buffer = true
	l.RunningVar = NewParam("running_var", InitOnes, c)
	l.RunningVar.Buffer = true
	return l
}

func (l *BatchNorm2D) Params() []*Param {
	return []*Param{l.Weight, l.Bias, l.RunningMean, l.RunningVar}
}

func (l *BatchNorm2D) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	if in.Shape[0] != l.C {
		return Flow{}, a.Errorf("expects %d channels, receives %d (input %v)", l.C, in.Shape[0], in.Shape)
	}
	return a.Leaf(l, in, LeafInfo{Type: "BatchNorm2d", Out: in.Shape}), nil
}
