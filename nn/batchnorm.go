package nn

import (
	"math"
)

// BatchNorm2D normalises each channel (Ioffe & Szegedy 2015), as
// PyTorch's BatchNorm2d:
//
//	training: y = γ·(x − μ_B)/√(σ²_B + ε) + β, σ²_B the biased batch variance;
//	          running_mean ← (1−m)·running_mean + m·μ_B
//	          running_var  ← (1−m)·running_var  + m·σ²_B·M/(M−1)   (unbiased, M = N·H·W)
//	eval:     y = γ·(x − running_mean)/√(running_var + ε) + β
//
// PyTorch's num_batches_tracked counter is not kept (it only matters for
// momentum=None, the cumulative average, which no model here uses).
type BatchNorm2D struct {
	Base
	C            int
	Eps          float64 // PyTorch default 1e−5
	Momentum     float64 // PyTorch default 0.1
	Weight, Bias *Param  // γ, β: (C)
	RunningMean  *Param  // buffer (C)
	RunningVar   *Param  // buffer (C)

	train      bool      // the last Forward used batch statistics
	xhat       *Tensor   // (N, C, H, W): (x − μ)/√(σ² + ε) of the last Forward
	invStd     []float64 // (C): 1/√(σ² + ε), batch σ² in training, running in eval
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

// Forward normalises with batch statistics in training (and updates the
// running ones) or with the running statistics in eval. Sums are taken in
// float64.
//
//	x: (N, C, H, W) → y: (N, C, H, W); per channel c over its M = N·H·W values:
//	training  μ = Σx/M, σ² = Σ(x−μ)²/M, x̂ = (x−μ)/√(σ²+ε)
//	eval      x̂ = (x − running_mean)/√(running_var + ε)
//	y = γ·x̂ + β
func (l *BatchNorm2D) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch := x.Shape[0], x.Shape[1]
	if ch != l.C {
		panic(ShapeErrorf("nn", l.ModuleName, "BatchNorm2D over %d channels got input %v", l.C, x.Shape))
	}
	hw := len(x.Data) / max(n*ch, 1)
	m := n * hw
	l.train = c.Train
	l.inputShape = x.Shape
	l.xhat = ZerosLike(x)
	l.invStd = make([]float64, ch)
	y := ZerosLike(x)
	for cc := 0; cc < ch; cc++ {
		var mean, invStd float64
		if c.Train {
			if m < 2 {
				// PyTorch: "Expected more than 1 value per channel when training".
				panic(ShapeErrorf("nn", l.ModuleName, "BatchNorm2D needs more than 1 value per channel in training, got input %v", x.Shape))
			}
			var s float64
			for b := 0; b < n; b++ {
				for _, v := range x.Data[(b*ch+cc)*hw : (b*ch+cc+1)*hw] {
					s += float64(v)
				}
			}
			mean = s / float64(m)
			var ss float64
			for b := 0; b < n; b++ {
				for _, v := range x.Data[(b*ch+cc)*hw : (b*ch+cc+1)*hw] {
					d := float64(v) - mean
					ss += d * d
				}
			}
			variance := ss / float64(m)
			invStd = 1 / math.Sqrt(variance+l.Eps)
			mom := l.Momentum
			rm, rv := &l.RunningMean.Data[cc], &l.RunningVar.Data[cc]
			*rm = float32((1-mom)*float64(*rm) + mom*mean)
			*rv = float32((1-mom)*float64(*rv) + mom*variance*float64(m)/float64(m-1))
		} else {
			mean = float64(l.RunningMean.Data[cc])
			invStd = 1 / math.Sqrt(float64(l.RunningVar.Data[cc])+l.Eps)
		}
		l.invStd[cc] = invStd
		g, bias := float64(l.Weight.Data[cc]), float64(l.Bias.Data[cc])
		for b := 0; b < n; b++ {
			off := (b*ch + cc) * hw
			xs, hs, ys := x.Data[off:off+hw], l.xhat.Data[off:off+hw], y.Data[off:off+hw]
			for i, v := range xs {
				h := (float64(v) - mean) * invStd
				hs[i] = float32(h)
				ys[i] = float32(g*h + bias)
			}
		}
	}
	return y
}

// Backward. In training μ and σ² depend on every x of the channel, so
// the gradient flows through them too (Ioffe & Szegedy 2015 §3):
//
//	dy: (N, C, H, W) → dx: (N, C, H, W); per channel, sums over its M values:
//	dβ += Σ dy,  dγ += Σ dy·x̂
//	training  dx = γ/√(σ²+ε) · (dy − Σdy/M − x̂·Σ(dy·x̂)/M)
//	eval      dx = γ/√(running_var+ε) · dy      (the statistics are constants)
func (l *BatchNorm2D) Backward(dy *Tensor) *Tensor {
	n, ch := l.inputShape[0], l.inputShape[1]
	hw := len(dy.Data) / max(n*ch, 1)
	m := float64(n * hw)
	dx := ZerosLike(dy)
	dW, dB := gradBuf(l.Weight), gradBuf(l.Bias)
	for cc := 0; cc < ch; cc++ {
		var sdy, sdyh float64
		for b := 0; b < n; b++ {
			off := (b*ch + cc) * hw
			hs := l.xhat.Data[off : off+hw]
			for i, g := range dy.Data[off : off+hw] {
				sdy += float64(g)
				sdyh += float64(g) * float64(hs[i])
			}
		}
		if dW != nil {
			dW[cc] += float32(sdyh)
		}
		if dB != nil {
			dB[cc] += float32(sdy)
		}
		k := float64(l.Weight.Data[cc]) * l.invStd[cc]
		meanDy, meanDyh := sdy/m, sdyh/m
		for b := 0; b < n; b++ {
			off := (b*ch + cc) * hw
			hs, ds := l.xhat.Data[off:off+hw], dx.Data[off:off+hw]
			for i, g := range dy.Data[off : off+hw] {
				if l.train {
					ds[i] = float32(k * (float64(g) - meanDy - float64(hs[i])*meanDyh))
				} else {
					ds[i] = float32(k * float64(g))
				}
			}
		}
	}
	return dx
}
