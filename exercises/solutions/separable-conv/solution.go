// Package separableconv is the reference solution of the exercise
// separable-conv, and its typical mistakes. Try the exercise before
// reading on: `book hint separable-conv` first.
package separableconv

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// SeparableConv: each channel filtered on its own (k² multiply-adds per
// value), then every output channel a weighted sum of the m filtered
// channels at the same pixel (m per value).
func SeparableConv(x, dw, pw []float32, m, n, k, h, w int) []float32 {
	return sep(x, dw, pw, m, n, k, h, w, false, false)
}

func sep(x, dw, pw []float32, m, n, k, h, w int, shared, transposed bool) []float32 {
	p := k / 2
	d := make([]float32, m*h*w)
	for ch := range m {
		f := dw[ch*k*k : (ch+1)*k*k]
		if shared {
			f = dw[:k*k]
		}
		for i := range h {
			for j := range w {
				var s float32
				for u := range k {
					for v := range k {
						ii, jj := i+u-p, j+v-p
						if ii >= 0 && ii < h && jj >= 0 && jj < w {
							s += f[u*k+v] * x[(ch*h+ii)*w+jj]
						}
					}
				}
				d[(ch*h+i)*w+j] = s
			}
		}
	}
	y := make([]float32, n*h*w)
	for o := range n {
		for ch := range m {
			wt := pw[o*m+ch]
			if transposed {
				wt = pw[ch*n+o]
			}
			for q := range h * w {
				y[o*h*w+q] += wt * d[ch*h*w+q]
			}
		}
	}
	return y
}

type f = func(x, dw, pw []float32, m, n, k, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: SeparableConv,
	Mistakes: []verify.Mistake[f]{
		{Name: "one depthwise filter for every channel", Says: "this is one depthwise filter shared by every channel", Answer: func(x, dw, pw []float32, m, n, k, h, w int) []float32 {
			return sep(x, dw, pw, m, n, k, h, w, true, false)
		}},
		{Name: "pointwise weights read as pw[ch·n + o]", Says: "this is the pointwise weights transposed", Answer: func(x, dw, pw []float32, m, n, k, h, w int) []float32 {
			return sep(x, dw, pw, m, n, k, h, w, false, true)
		}},
	},
}
