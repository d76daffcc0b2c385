// Package fractaljoin is the reference solution of the exercise
// fractal-join, and its typical mistakes. Try the exercise before
// reading on: `book hint fractal-join` first.
package fractaljoin

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Join sums the active inputs and divides by how many there are: a
// dropped input is absent, not a zero (a zero would shrink the mean as
// more inputs drop, and the scale the next layer sees would vary).
func Join(inputs [][]float32, keep []bool) []float32 {
	return join(inputs, keep, false, false)
}

func join(inputs [][]float32, keep []bool, zeros, sum bool) []float32 {
	y := make([]float32, len(inputs[0]))
	n := 0
	for i, in := range inputs {
		if zeros {
			n++
		}
		if !keep[i] {
			continue
		}
		if !zeros {
			n++
		}
		for j, v := range in {
			y[j] += v
		}
	}
	if !sum {
		for j := range y {
			y[j] /= float32(n)
		}
	}
	return y
}

type f = func(inputs [][]float32, keep []bool) []float32

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Join,
	Mistakes: []verify.Mistake[f]{
		{Name: "dropped inputs counted as zeros", Says: "this is the mean with the dropped inputs counted as zeros", Answer: func(inputs [][]float32, keep []bool) []float32 {
			return join(inputs, keep, true, false)
		}},
		{Name: "a sum, not a mean", Says: "this is a sum", Answer: func(inputs [][]float32, keep []bool) []float32 {
			return join(inputs, keep, false, true)
		}},
	},
}
