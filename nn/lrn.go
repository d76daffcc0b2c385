package nn

import "math"

// LRN is local response normalisation across channels (Krizhevsky et al.
// 2012 §3.3):
//
//	b[c] = a[c] / (k + α · Σ_{c'=max(0,c−n/2)}^{min(C−1,c+n/2)} a[c']²)^β
//
// with k = 2, n = 5, α = 1e−4, β = 0.75 in the paper. PyTorch's
// LocalResponseNorm divides α by n (α/n · Σ); set PyTorch to use that.
//
// The two conventions also differ in the window for an even n. The paper's
// sum runs over c−⌊n/2⌋ … c+⌊n/2⌋ (n+1 channels when n is even). PyTorch
// pads the squared input with ⌊n/2⌋ zero channels before and ⌊(n−1)/2⌋
// after and average-pools n channels (torch.nn.functional.local_response_norm),
// so its window is c−⌊n/2⌋ … c+⌊(n−1)/2⌋, always n channels, and the
// padding zeros count in the average. For odd n the windows agree.
type LRN struct {
	Base
	Size        int
	Alpha, Beta float64
	K           float64
	PyTorch     bool // scale the sum by α/n and use PyTorch's window

	x, scale, out *Tensor // of the last Forward; scale = k + α'·Σ a², α' = α or α/n
}

// NewLRN declares the paper's LRN (AlexNet §3.3: k=2, n=5, α=1e−4, β=0.75).
func NewLRN(name string) *LRN {
	return &LRN{Base: Base{name}, Size: 5, Alpha: 1e-4, Beta: 0.75, K: 2}
}

// NewLocalResponseNorm declares PyTorch's LocalResponseNorm(size, alpha, beta, k).
func NewLocalResponseNorm(name string, size int, alpha, beta, k float64) *LRN {
	return &LRN{Base: Base{name}, Size: size, Alpha: alpha, Beta: beta, K: k, PyTorch: true}
}

func (l *LRN) Analyze(a *Analyzer, in Flow) (Flow, error) {
	if len(in.Shape) != 3 {
		return Flow{}, a.Errorf("expects a C×H×W feature map, got %v", in.Shape)
	}
	if l.Size < 1 {
		return Flow{}, a.Errorf("window of %d channels: must be at least 1", l.Size)
	}
	return a.Leaf(l, in, LeafInfo{Type: "LocalResponseNorm", Out: in.Shape}), nil
}

// window returns how many channels the sum reaches below (lo) and above
// (hi) the centre, and the factor α' in front of the sum.
func (l *LRN) window() (lo, hi int, alpha float64) {
	if l.PyTorch {
		return l.Size / 2, (l.Size - 1) / 2, l.Alpha / float64(l.Size)
	}
	return l.Size / 2, l.Size / 2, l.Alpha
}

// Forward normalises each pixel by the energy of its neighbouring channels.
//
//	x: (N, C, H, W) → y: (N, C, H, W)
//	s[c] = k + α'·Σ_{c'=c−lo}^{c+hi} x[c']²    (c' clipped to 0…C−1)
//	y[c] = x[c] · s[c]^(−β)
func (l *LRN) Forward(c *Ctx, x *Tensor) *Tensor {
	n, ch, hw := x.Shape[0], x.Shape[1], len(x.Data)/max(x.Shape[0]*x.Shape[1], 1)
	lo, hi, alpha := l.window()
	l.x = x
	l.scale = ZerosLike(x)
	l.out = ZerosLike(x)
	sq := make([]float32, ch*hw)
	for b := 0; b < n; b++ {
		xs := x.Data[b*ch*hw : (b+1)*ch*hw]
		ss := l.scale.Data[b*ch*hw : (b+1)*ch*hw]
		ys := l.out.Data[b*ch*hw : (b+1)*ch*hw]
		for i, v := range xs {
			sq[i] = v * v
		}
		for cc := 0; cc < ch; cc++ {
			s := ss[cc*hw : (cc+1)*hw]
			for c2 := max(0, cc-lo); c2 <= min(ch-1, cc+hi); c2++ {
				q := sq[c2*hw : (c2+1)*hw]
				for i := range s {
					s[i] += q[i]
				}
			}
			for i := range s {
				s[i] = float32(l.K + alpha*float64(s[i]))
			}
		}
		for i, v := range xs {
			ys[i] = v * l.powNegBeta(ss[i])
		}
	}
	return l.out
}

// powNegBeta is s^(−β), with a fast path for AlexNet's β = 3/4.
func (l *LRN) powNegBeta(s float32) float32 {
	if l.Beta == 0.75 {
		r := math.Sqrt(float64(s))
		return float32(1 / (r * math.Sqrt(r)))
	}
	return float32(math.Pow(float64(s), -l.Beta))
}

// Backward: y[i] depends on x[i] directly and on every x[j] in its window
// through s[i], so
//
//	dy: (N, C, H, W) → dx: (N, C, H, W)
//	dx[j] = dy[j]·s[j]^(−β) − 2α'β·x[j]·Σ_{i: j ∈ window(i)} dy[i]·y[i]/s[i]
//	      where j ∈ window(i) ⇔ i ∈ [j−hi, j+lo]
func (l *LRN) Backward(dy *Tensor) *Tensor {
	x := l.x
	n, ch, hw := x.Shape[0], x.Shape[1], len(x.Data)/max(x.Shape[0]*x.Shape[1], 1)
	lo, hi, alpha := l.window()
	dx := ZerosLike(x)
	t := make([]float32, ch*hw) // dy·y/s
	coef := float32(2 * alpha * l.Beta)
	for b := 0; b < n; b++ {
		off := b * ch * hw
		xs, ss, ys := x.Data[off:off+ch*hw], l.scale.Data[off:off+ch*hw], l.out.Data[off:off+ch*hw]
		gs, ds := dy.Data[off:off+ch*hw], dx.Data[off:off+ch*hw]
		for i := range t {
			t[i] = gs[i] * ys[i] / ss[i]
		}
		for j := 0; j < ch; j++ {
			d := ds[j*hw : (j+1)*hw]
			for i := max(0, j-hi); i <= min(ch-1, j+lo); i++ {
				ti := t[i*hw : (i+1)*hw]
				for p := range d {
					d[p] += ti[p]
				}
			}
			for p := range d {
				k := j*hw + p
				d[p] = gs[k]*l.powNegBeta(ss[k]) - coef*xs[k]*d[p]
			}
		}
	}
	return dx
}
