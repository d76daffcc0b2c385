// Package maxpoolbackward is the reference solution of the exercise
// maxpool-backward, and its typical mistakes. Try the exercise before
// reading on: `book hint maxpool-backward` first.
package maxpoolbackward

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// MaxPool: the output of a window is one of its inputs, so the gradient
// of that output goes to that input alone; the others did not change the
// output. Overlapping windows (k > s) can pick the same pixel, so dx adds.
func MaxPool(x, dy []float32, c, h, w, k, s int) (switches []int, dx []float32) {
	return pool(x, dy, c, h, w, k, s, false)
}

func pool(x, dy []float32, c, h, w, k, s int, assign bool) (switches []int, dx []float32) {
	oh, ow := (h-k)/s+1, (w-k)/s+1
	switches = make([]int, c*oh*ow)
	dx = make([]float32, len(x))
	for ch := range c {
		plane := x[ch*h*w : (ch+1)*h*w]
		for i := range oh {
			for j := range ow {
				best := i*s*w + j*s
				for u := range k {
					for v := range k {
						if at := (i*s+u)*w + j*s + v; plane[at] > plane[best] {
							best = at
						}
					}
				}
				o := (ch*oh+i)*ow + j
				switches[o] = best
				if assign {
					dx[ch*h*w+best] = dy[o]
				} else {
					dx[ch*h*w+best] += dy[o]
				}
			}
		}
	}
	return switches, dx
}

type f = func(x, dy []float32, c, h, w, k, s int) ([]int, []float32)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: MaxPool,
	Mistakes: []verify.Mistake[f]{
		{Name: "assigning dx where windows overlap", Says: "this is dx assigned, not added", Answer: func(x, dy []float32, c, h, w, k, s int) ([]int, []float32) {
			return pool(x, dy, c, h, w, k, s, true)
		}},
		{Name: "spreading dy over the window (average pooling's backward)", Says: "this is average pooling's backward", Answer: func(x, dy []float32, c, h, w, k, s int) ([]int, []float32) {
			sw, _ := MaxPool(x, dy, c, h, w, k, s)
			oh, ow := (h-k)/s+1, (w-k)/s+1
			dx := make([]float32, len(x))
			for ch := range c {
				for i := range oh {
					for j := range ow {
						for u := range k {
							for v := range k {
								dx[ch*h*w+(i*s+u)*w+j*s+v] += dy[(ch*oh+i)*ow+j] / float32(k*k)
							}
						}
					}
				}
			}
			return sw, dx
		}},
	},
}
