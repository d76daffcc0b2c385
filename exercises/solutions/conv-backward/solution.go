// Package convbackward is the reference solution of the exercise
// conv-backward, and its typical mistakes. Try the exercise before
// reading on: `book hint conv-backward` first.
package convbackward

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// ConvBackward walks the forward sum once more: each product
// w[o][ch][u][v]·x[ch][i+u][j+v] that went into y[o][i][j] sends
// dy[o][i][j]·x to dw and dy[o][i][j]·w to dx (the chain rule, term by
// term). Written as a loop over the forward's terms it needs no flipped
// kernel; written as a convolution, dx is the "full" convolution of dy
// with the kernel turned by 180°.
func ConvBackward(x, w, dy []float32, c, h, wd, o, k int) (dx, dw []float32) {
	return backward(x, w, dy, c, h, wd, o, k, false)
}

// backward is ConvBackward; flipped reads the kernel turned by 180° for
// dx (a mistake).
func backward(x, w, dy []float32, c, h, wd, o, k int, flipped bool) (dx, dw []float32) {
	oh, ow := h-k+1, wd-k+1
	dx = make([]float32, len(x))
	dw = make([]float32, len(w))
	for oc := range o {
		for i := range oh {
			for j := range ow {
				g := dy[(oc*oh+i)*ow+j]
				for ch := range c {
					for u := range k {
						for v := range k {
							wi := ((oc*c+ch)*k+u)*k + v
							xi := (ch*h+i+u)*wd + j + v
							dw[wi] += g * x[xi]
							if flipped {
								wi = ((oc*c+ch)*k+k-1-u)*k + k - 1 - v
							}
							dx[xi] += g * w[wi]
						}
					}
				}
			}
		}
	}
	return dx, dw
}

type f = func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: ConvBackward,
	Mistakes: []verify.Mistake[f]{
		{Name: "dx through the kernel turned by 180°", Says: "this is dx through the kernel turned by 180°", Answer: func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32) {
			return backward(x, w, dy, c, h, wd, o, k, true)
		}},
		{Name: "dw of one output position only (no sum over positions)", Says: "this is dw of one output position", Answer: func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32) {
			dx, _ := ConvBackward(x, w, dy, c, h, wd, o, k)
			oh, ow := h-k+1, wd-k+1
			dw := make([]float32, len(w))
			for oc := range o {
				g := dy[oc*oh*ow]
				for ch := range c {
					for u := range k {
						for v := range k {
							dw[((oc*c+ch)*k+u)*k+v] = g * x[(ch*h+u)*wd+v]
						}
					}
				}
			}
			return dx, dw
		}},
	},
}
