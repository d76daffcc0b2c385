// Package bottleneckblock is the reference solution of the exercise
// bottleneck-block, and its typical mistakes. Try the exercise before
// reading on: `book hint bottleneck-block` first.
package bottleneckblock

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// BottleneckForward: reduce with a 1×1, a 3×3 at the narrow width,
// restore with a 1×1, add the input, ReLU. The 1×1s are where the
// saving is: a 3×3 at 64 channels costs 1/16 of one at 256.
func BottleneckForward(x, w1, w2, w3 []float32, c, width, h, w int) []float32 {
	return block(x, w1, w2, w3, c, width, h, w, true, true)
}

func block(x, w1, w2, w3 []float32, c, width, h, w int, inner, shortcut bool) []float32 {
	act := func(t []float32) []float32 {
		if inner {
			return relu(t)
		}
		return t
	}
	t := act(conv(x, w1, c, width, 1, h, w))
	t = act(conv(t, w2, width, width, 3, h, w))
	y := conv(t, w3, width, c, 1, h, w)
	if shortcut {
		for i := range y {
			y[i] += x[i]
		}
	}
	return relu(y)
}

// conv is a k×k convolution (k odd) from in to out channels, stride 1,
// padding k/2.
func conv(x, wt []float32, in, out, k, h, w int) []float32 {
	y := make([]float32, out*h*w)
	p := k / 2
	for o := range out {
		for i := range h {
			for j := range w {
				var s float32
				for ch := range in {
					for u := range k {
						for v := range k {
							ii, jj := i+u-p, j+v-p
							if ii < 0 || ii >= h || jj < 0 || jj >= w {
								continue
							}
							s += wt[((o*in+ch)*k+u)*k+v] * x[(ch*h+ii)*w+jj]
						}
					}
				}
				y[(o*h+i)*w+j] = s
			}
		}
	}
	return y
}

func relu(x []float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = max(v, 0)
	}
	return y
}

type f = func(x, w1, w2, w3 []float32, c, width, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: BottleneckForward,
	Mistakes: []verify.Mistake[f]{
		{Name: "no ReLU inside the branch", Says: "this is the branch without its ReLUs", Answer: func(x, w1, w2, w3 []float32, c, width, h, w int) []float32 {
			return block(x, w1, w2, w3, c, width, h, w, false, true)
		}},
		{Name: "no shortcut", Says: "this is a plain block, without the shortcut", Answer: func(x, w1, w2, w3 []float32, c, width, h, w int) []float32 {
			return block(x, w1, w2, w3, c, width, h, w, true, false)
		}},
	},
}
