// Package lrnforward is the reference solution of the exercise
// lrn-forward, and its typical mistakes. Try the exercise before reading
// on: `book hint lrn-forward` first.
package lrnforward

import (
	"math"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// The paper's constants (Krizhevsky et al. 2012 §3.3).
const (
	k     = 2
	n     = 5
	alpha = 1e-4
	beta  = 0.75
)

// LRN: for every pixel, the sum of squares over the window of channels,
// then the division; the sum in float64 (it is of up to n values that
// may be large: AlexNet's activations after a ReLU are unbounded).
func LRN(a []float32, c, h, w int) []float32 {
	return lrn(a, c, h, w, alpha, beta)
}

func lrn(a []float32, c, h, w int, al, be float64) []float32 {
	b := make([]float32, len(a))
	hw := h * w
	for ch := range c {
		lo, hi := max(0, ch-n/2), min(c-1, ch+n/2)
		for p := range hw {
			var s float64
			for j := lo; j <= hi; j++ {
				v := float64(a[j*hw+p])
				s += v * v
			}
			b[ch*hw+p] = float32(float64(a[ch*hw+p]) / math.Pow(k+al*s, be))
		}
	}
	return b
}

type f = func(a []float32, c, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: LRN,
	Mistakes: []verify.Mistake[f]{
		{Name: "PyTorch's α/n", Says: "this is PyTorch's α/n", Answer: func(a []float32, c, h, w int) []float32 {
			return lrn(a, c, h, w, alpha/n, beta)
		}},
		{Name: "forgetting the exponent β", Says: "this is without the exponent β", Answer: func(a []float32, c, h, w int) []float32 {
			return lrn(a, c, h, w, alpha, 1)
		}},
	},
}
