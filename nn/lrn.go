package nn

// LRN is local response normalisation across channels (Krizhevsky et al.
// 2012 §3.3):
//
//	b[c] = a[c] / (k + α · Σ_{c'=max(0,c−n/2)}^{min(C−1,c+n/2)} a[c']²)^β
//
// with k = 2, n = 5, α = 1e−4, β = 0.75 in the paper. PyTorch's
// LocalResponseNorm divides α by n (α/n · Σ); set PyTorch to use that.
type LRN struct {
	Base
	Size          int
	Alpha, Beta   float64
	K             float64
	PyTorch       bool // scale the sum by α/n instead of α
	x, scale, out *Tensor
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
	return a.Leaf(l, in, LeafInfo{Type: "LocalResponseNorm", Out: in.Shape}), nil
}
