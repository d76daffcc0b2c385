package nn

import (
	"math"
	"testing"
)

func newTestBN(c int, seed uint64) *BatchNorm2D {
	l := NewBatchNorm2D("bn", c)
	initParams(l, seed)
	for i := range l.RunningVar.Data { // a variance must be positive
		l.RunningVar.Data[i] = 0.5 + float32(i)
	}
	return l
}

// Training normalises with the batch statistics (PyTorch BatchNorm2d docs:
// "The standard-deviation is calculated via the biased estimator") and
// moves the running ones by momentum 0.1 towards the batch mean and the
// UNBIASED batch variance. The docs do not say the latter; torch 1.13 does
// it (BatchNorm2d(2) on a 3×2×2×5 batch gives running_var = 0.9 + 0.1·
// x.var(unbiased=True), not unbiased=False).
func TestBatchNormTrainStatistics(t *testing.T) {
	const n, c, h, w = 3, 2, 2, 5
	x := randInput(4, n, c, h, w)
	for i := range x.Data {
		x.Data[i] = 3*x.Data[i] + 1
	}
	l := NewBatchNorm2D("bn", c)
	InitParams(l, NewRNG(1))
	y := l.Forward(&Ctx{Train: true}, x)
	m := float64(n * h * w)
	for ch := 0; ch < c; ch++ {
		var s, ss, ys, yss float64
		for b := 0; b < n; b++ {
			for p := 0; p < h*w; p++ {
				v := float64(x.Data[(b*c+ch)*h*w+p])
				s += v
				ss += v * v
				yv := float64(y.Data[(b*c+ch)*h*w+p])
				ys += yv
				yss += yv * yv
			}
		}
		mean := s / m
		biased := ss/m - mean*mean
		unbiased := biased * m / (m - 1)
		if got, want := float64(l.RunningMean.Data[ch]), 0.1*mean; math.Abs(got-want) > 1e-5 {
			t.Errorf("channel %d running_mean: got %.6g, want %.6g = 0.9·0 + 0.1·μ_B", ch, got, want)
		}
		if got, want := float64(l.RunningVar.Data[ch]), 0.9+0.1*unbiased; math.Abs(got-want) > 1e-5 {
			t.Errorf("channel %d running_var: got %.6g, want %.6g = 0.9·1 + 0.1·σ²_B·M/(M−1) (unbiased)", ch, got, want)
		}
		// γ = 1, β = 0: the output has mean 0 and biased variance σ²/(σ²+ε).
		if ym := ys / m; math.Abs(ym) > 1e-6 {
			t.Errorf("channel %d output mean: got %.3g, want 0", ch, ym)
		}
		if yv, want := yss/m, biased/(biased+1e-5); math.Abs(yv-want) > 1e-5 {
			t.Errorf("channel %d output variance: got %.7g, want %.7g = σ²/(σ²+ε)", ch, yv, want)
		}
	}
}

func TestBatchNormEval(t *testing.T) {
	l := newTestBN(3, 5)
	x := randInput(6, 2, 3, 2, 2)
	y := l.Forward(Eval, x)
	for i, v := range x.Data {
		ch := (i / 4) % 3
		want := float64(l.Weight.Data[ch])*(float64(v)-float64(l.RunningMean.Data[ch]))/
			math.Sqrt(float64(l.RunningVar.Data[ch])+1e-5) + float64(l.Bias.Data[ch])
		if math.Abs(float64(y.Data[i])-want) > 1e-5 {
			t.Fatalf("element %d: got %.6g, want %.6g = γ(x − running_mean)/√(running_var + ε) + β", i, y.Data[i], want)
		}
	}
}

func TestBatchNormGrad(t *testing.T) {
	x := randInput(7, 3, 4, 3, 3)
	t.Run("train", func(t *testing.T) { checkGrad(t, newTestBN(4, 8), x, true) })
	t.Run("eval", func(t *testing.T) { checkGrad(t, newTestBN(4, 8), x, false) })
}
