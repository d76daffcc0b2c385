// Package residualblockforward is the reference solution of the exercise
// residual-block-forward, and its typical mistakes. Try the exercise
// before reading on: `book hint residual-block-forward` first.
package residualblockforward

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// BasicBlockForward: two convolutions with a ReLU between, the input added back,
// a last ReLU after the sum.
func BasicBlockForward(x, w1, w2 []float32, c, h, w int) []float32 {
	y := conv3x3(relu(conv3x3(x, w1, c, h, w)), w2, c, h, w)
	for i := range y {
		y[i] += x[i]
	}
	return relu(y)
}

// conv3x3 is the 3×3 convolution, stride 1, zero padding 1, as the sum
// the exercise writes down: the taps that fall outside the map are
// skipped, which is adding zero.
func conv3x3(x, wt []float32, c, h, w int) []float32 {
	y := make([]float32, c*h*w)
	for o := range c {
		for i := range h {
			for j := range w {
				var s float32
				for ch := range c {
					for u := range 3 {
						for v := range 3 {
							ii, jj := i+u-1, j+v-1
							if ii < 0 || ii >= h || jj < 0 || jj >= w {
								continue
							}
							s += wt[((o*c+ch)*3+u)*3+v] * x[(ch*h+ii)*w+jj]
						}
					}
				}
				y[(o*h+i)*w+j] = s
			}
		}
	}
	return y
}

// relu returns max(0, v) of every value in a new slice.
func relu(x []float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = max(v, 0)
	}
	return y
}

// flip turns every 3×3 kernel by 180°.
func flip(w []float32) []float32 {
	out := make([]float32, len(w))
	for k := 0; k < len(w); k += 9 {
		for t := range 9 {
			out[k+t] = w[k+8-t]
		}
	}
	return out
}

type f = func(x, w1, w2 []float32, c, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: BasicBlockForward,
	Mistakes: []verify.Mistake[f]{
		{Name: "no shortcut (a plain two-layer block)", Says: "without the shortcut", Answer: func(x, w1, w2 []float32, c, h, w int) []float32 {
			return relu(conv3x3(relu(conv3x3(x, w1, c, h, w)), w2, c, h, w))
		}},
		{Name: "ReLU before the addition", Says: "the ReLU before the addition", Answer: func(x, w1, w2 []float32, c, h, w int) []float32 {
			u := relu(conv3x3(relu(conv3x3(x, w1, c, h, w)), w2, c, h, w))
			for i := range u {
				u[i] += x[i]
			}
			return u
		}},
		{Name: "kernel flipped (true convolution, not PyTorch's correlation)", Says: "a flipped kernel", Answer: func(x, w1, w2 []float32, c, h, w int) []float32 {
			return BasicBlockForward(x, flip(w1), flip(w2), c, h, w)
		}},
	},
}
