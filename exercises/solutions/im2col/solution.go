// Package im2col is the reference solution of the exercise im2col, and
// its typical mistakes. Try the exercise before reading on: `book hint
// im2col` first.
package im2col

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Im2col fills the matrix row by row: the row (ch, u, v) is the channel
// ch seen through tap (u, v) of every window, so that one row of W meets
// the same tap of every window in the product.
func Im2col(x []float32, c, h, w, k, s, p int) []float32 {
	return unroll(x, c, h, w, k, s, p, p, false)
}

// unroll is Im2col with the window's offset (shift, normally p) and the
// layout (transposed: one row per window) as parameters, for the mistakes.
func unroll(x []float32, c, h, w, k, s, p, shift int, transposed bool) []float32 {
	oh, ow := (h+2*p-k)/s+1, (w+2*p-k)/s+1
	rows, cols := c*k*k, oh*ow
	m := make([]float32, rows*cols)
	for ch := range c {
		for u := range k {
			for v := range k {
				r := (ch*k+u)*k + v
				for i := range oh {
					for j := range ow {
						y, xx := i*s-shift+u, j*s-shift+v
						if y < 0 || y >= h || xx < 0 || xx >= w {
							continue
						}
						col := i*ow + j
						if transposed {
							m[col*rows+r] = x[(ch*h+y)*w+xx]
						} else {
							m[r*cols+col] = x[(ch*h+y)*w+xx]
						}
					}
				}
			}
		}
	}
	return m
}

type f = func(x []float32, c, h, w, k, s, p int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Im2col,
	Mistakes: []verify.Mistake[f]{
		{Name: "the window not shifted by the padding", Says: "the window not shifted by the padding", Answer: func(x []float32, c, h, w, k, s, p int) []float32 {
			return unroll(x, c, h, w, k, s, p, 0, false)
		}},
		{Name: "one row per window (the transpose)", Says: "the transpose", Answer: func(x []float32, c, h, w, k, s, p int) []float32 {
			return unroll(x, c, h, w, k, s, p, p, true)
		}},
	},
}
