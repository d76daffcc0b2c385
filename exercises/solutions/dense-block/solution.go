// Package denseblock is the reference solution of the exercise
// dense-block, and its typical mistakes. Try the exercise before reading
// on: `book hint dense-block` first.
package denseblock

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// DenseBlock keeps one growing slice: with channel-first layouts,
// concatenating along the channels is appending.
func DenseBlock(x []float32, ws [][]float32, c0, growth, h, w int) []float32 {
	return dense(x, ws, c0, growth, h, w, false, false)
}

func dense(x []float32, ws [][]float32, c0, growth, h, w int, newFirst, reluAfter bool) []float32 {
	all := append([]float32(nil), x...)
	c := c0
	for _, wt := range ws {
		var y []float32
		if reluAfter {
			y = relu(conv3x3(all, wt, c, growth, h, w))
		} else {
			y = conv3x3(relu(all), wt, c, growth, h, w)
		}
		if newFirst {
			all = append(y, all...)
		} else {
			all = append(all, y...)
		}
		c += growth
	}
	return all
}

func conv3x3(x, wt []float32, in, out, h, w int) []float32 {
	y := make([]float32, out*h*w)
	for o := range out {
		for i := range h {
			for j := range w {
				var s float32
				for ch := range in {
					for u := range 3 {
						for v := range 3 {
							ii, jj := i+u-1, j+v-1
							if ii >= 0 && ii < h && jj >= 0 && jj < w {
								s += wt[((o*in+ch)*3+u)*3+v] * x[(ch*h+ii)*w+jj]
							}
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

type f = func(x []float32, ws [][]float32, c0, growth, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: DenseBlock,
	Mistakes: []verify.Mistake[f]{
		{Name: "new maps before the old ones", Says: "this is the new maps first", Answer: func(x []float32, ws [][]float32, c0, growth, h, w int) []float32 {
			return dense(x, ws, c0, growth, h, w, true, false)
		}},
		{Name: "ReLU after the convolution", Says: "this is the ReLU after the convolution", Answer: func(x []float32, ws [][]float32, c0, growth, h, w int) []float32 {
			return dense(x, ws, c0, growth, h, w, false, true)
		}},
	},
}
