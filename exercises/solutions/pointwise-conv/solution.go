// Package pointwiseconv is the reference solution of the exercise
// pointwise-conv, and its typical mistakes. Try the exercise before
// reading on: `book hint pointwise-conv` first.
package pointwiseconv

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Pointwise is the matrix product, in the loop order that reads x and
// writes y in memory order (o, ch outside, q inside).
func Pointwise(x, w []float32, in, out, hw int) []float32 {
	y := make([]float32, out*hw)
	for o := range out {
		for ch := range in {
			wt := w[o*in+ch]
			for q := range hw {
				y[o*hw+q] += wt * x[ch*hw+q]
			}
		}
	}
	return y
}

type f = func(x, w []float32, in, out, hw int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Pointwise,
	Mistakes: []verify.Mistake[f]{
		{Name: "weights read as w[ch·out + o]", Says: "this is W transposed", Answer: func(x, w []float32, in, out, hw int) []float32 {
			t := make([]float32, len(w))
			for o := range out {
				for ch := range in {
					t[o*in+ch] = w[ch*out+o]
				}
			}
			return Pointwise(x, t, in, out, hw)
		}},
		{Name: "x read pixel-first, x[q·in + ch]", Says: "this is x read pixel-first", Answer: func(x, w []float32, in, out, hw int) []float32 {
			t := make([]float32, len(x))
			for ch := range in {
				for q := range hw {
					t[ch*hw+q] = x[q*in+ch]
				}
			}
			return Pointwise(t, w, in, out, hw)
		}},
	},
}
