package nn

import (
	"fmt"
	"math"
	"testing"
)

// lrnRef is the formula of AlexNet §3.3 written out per element in
// float64, with the window and the α scaling of the chosen convention:
// the slow but obviously correct reference for LRN.Forward.
func lrnRef(x *Tensor, size int, alpha, beta, k float64, pytorch bool) []float64 {
	n, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	lo, hi, a := size/2, size/2, alpha
	if pytorch {
		hi, a = (size-1)/2, alpha/float64(size)
	}
	out := make([]float64, len(x.Data))
	for b := 0; b < n; b++ {
		for ch := 0; ch < c; ch++ {
			for p := 0; p < hw; p++ {
				var s float64
				for j := max(0, ch-lo); j <= min(c-1, ch+hi); j++ {
					v := float64(x.Data[(b*c+j)*hw+p])
					s += v * v
				}
				i := (b*c+ch)*hw + p
				out[i] = float64(x.Data[i]) / math.Pow(k+a*s, beta)
			}
		}
	}
	return out
}

func TestLRNForward(t *testing.T) {
	x := randInput(1, 2, 7, 3, 4)
	for i := range x.Data {
		x.Data[i] *= 10 // large enough that the denominator is far from k^β
	}
	for _, tc := range []struct {
		name string
		l    *LRN
	}{
		{"paper n=5", NewLRN("norm1")},
		{"pytorch n=5", NewLocalResponseNorm("lrn", 5, 1e-4, 0.75, 2)},
		{"paper n=4 (window c−2…c+2)", &LRN{Base: Base{"lrn"}, Size: 4, Alpha: 1e-3, Beta: 0.75, K: 2}},
		{"pytorch n=4 (window c−2…c+1)", NewLocalResponseNorm("lrn", 4, 1e-3, 0.75, 2)},
		{"β ≠ 3/4", NewLocalResponseNorm("lrn", 3, 1e-2, 0.5, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.l
			y := l.Forward(Eval, x)
			want := lrnRef(x, l.Size, l.Alpha, l.Beta, l.K, l.PyTorch)
			for i, w := range want {
				if d := math.Abs(float64(y.Data[i]) - w); d > 1e-6*math.Abs(w)+1e-7 {
					t.Fatalf("element %d: got %.7g, want %.7g (%s)", i, y.Data[i], w, tc.name)
				}
			}
		})
	}
}

// The conventions differ: for n = 5 the sums agree and PyTorch's α is
// the paper's α·n.
func TestLRNConventions(t *testing.T) {
	x := randInput(2, 1, 6, 2, 2)
	paper := NewLRN("norm1").Forward(Eval, x)
	torch := NewLocalResponseNorm("lrn", 5, 5e-4, 0.75, 2).Forward(Eval, x)
	for i := range paper.Data {
		if d := math.Abs(float64(paper.Data[i] - torch.Data[i])); d > 1e-7 {
			t.Fatalf("element %d: paper α=1e−4 got %g, PyTorch α=5e−4 (α/n = 1e−4) got %g, want equal", i, paper.Data[i], torch.Data[i])
		}
	}
}

// LRN's gradient has a cross-channel term of size 2α'β·x·Σ dy·y/s. With
// AlexNet's α = 1e−4 it is tiny, so the checks also use α, k with which
// it dominates (a missing cross term then fails).
func TestLRNGrad(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    *LRN
	}{
		{"paper AlexNet", NewLRN("norm1")},
		{"paper strong n=5", &LRN{Base: Base{"lrn"}, Size: 5, Alpha: 1, Beta: 0.75, K: 1}},
		{"paper strong n=4", &LRN{Base: Base{"lrn"}, Size: 4, Alpha: 0.5, Beta: 0.6, K: 1}},
		{"pytorch strong n=5", NewLocalResponseNorm("lrn", 5, 2, 0.75, 1)},
		{"pytorch strong n=4", NewLocalResponseNorm("lrn", 4, 2, 0.6, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := randInput(3, 2, 6, 3, 3)
			checkGrad(t, tc.l, x, true)
		})
	}
}

func ExampleLRN() {
	// One pixel, three channels; the paper's k = 2, α = 1e−4, β = 0.75
	// barely changes activations of order 1: b = a/(2 + 1e−4·Σa²)^0.75.
	x := FromData([]float32{1, 2, 3}, 1, 3, 1, 1)
	y := NewLRN("norm1").Forward(Eval, x)
	fmt.Printf("%.5f\n", y.Data)
	// Output: [0.59429 1.18858 1.78287]
}
