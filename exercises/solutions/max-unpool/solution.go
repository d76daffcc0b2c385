// Package maxunpool is the reference solution of the exercise
// max-unpool, and its typical mistakes. Try the exercise before reading
// on: `book hint max-unpool` first.
package maxunpool

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// MaxUnpool: a zero map, then every value at its switch, channel by
// channel (a switch counts within its channel).
func MaxUnpool(y []float32, switches []int, c, oh, ow, h, w int) []float32 {
	out := make([]float32, c*h*w)
	for ch := range c {
		for k := range oh * ow {
			i := ch*oh*ow + k
			out[ch*h*w+switches[i]] = y[i]
		}
	}
	return out
}

type f = func(y []float32, switches []int, c, oh, ow, h, w int) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: MaxUnpool,
	Mistakes: []verify.Mistake[f]{
		{Name: "a switch read as an index into the whole map", Says: "this is the switch read as an index into the whole map", Answer: func(y []float32, switches []int, c, oh, ow, h, w int) []float32 {
			out := make([]float32, c*h*w)
			for i, s := range switches {
				out[s] = y[i]
			}
			return out
		}},
		{Name: "without switches: each value at its window's top-left", Says: "this is unpooling without the switches", Answer: func(y []float32, switches []int, c, oh, ow, h, w int) []float32 {
			out := make([]float32, c*h*w)
			s := (h - 3) / (oh - 1) // the stride of the exercise's pools
			for ch := range c {
				for i := range oh {
					for j := range ow {
						out[(ch*h+i*s)*w+j*s] = y[(ch*oh+i)*ow+j]
					}
				}
			}
			return out
		}},
	},
}
