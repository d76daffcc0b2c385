// Package alexnetinputsize is the reference solution of the exercise
// alexnet-input-size, and its typical mistakes. Try the exercise before
// reading on: `book hint alexnet-input-size` first.
package alexnetinputsize

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// InputSides follows the side through the four layers that change it
// (the padded convolutions keep it): out = ⌊(in − k)/s⌋ + 1, and the
// layer tiles exactly when (in − k) is a multiple of s.
func InputSides(lo, hi int) (fit, exact []int) {
	for side := lo; side <= hi; side++ {
		x, tiles := side, true
		for _, w := range [][2]int{{11, 4}, {3, 2}, {3, 2}, {3, 2}} { // conv1, pool1, pool2, pool5
			k, s := w[0], w[1]
			if x < k {
				x = 0
				break
			}
			tiles = tiles && (x-k)%s == 0
			x = (x-k)/s + 1
		}
		if x == 6 {
			fit = append(fit, side)
			if tiles {
				exact = append(exact, side)
			}
		}
	}
	return fit, exact
}

type f = func(lo, hi int) ([]int, []int)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: InputSides,
	Mistakes: []verify.Mistake[f]{
		{Name: "taking the paper's 224 at its word", Says: "the paper's 224 taken at its word", Answer: func(lo, hi int) ([]int, []int) {
			if lo <= 224 && 224 <= hi {
				return []int{224}, []int{224}
			}
			return nil, nil
		}},
		{Name: "rounding up", Says: "this is what rounding up gives", Answer: func(lo, hi int) (fit, exact []int) {
			for side := lo; side <= hi; side++ {
				x := side
				for _, w := range [][2]int{{11, 4}, {3, 2}, {3, 2}, {3, 2}} {
					if x < w[0] {
						x = 0
						break
					}
					x = (x-w[0]+w[1]-1)/w[1] + 1 // ⌈(in − k)/s⌉ + 1
				}
				if x == 6 {
					fit = append(fit, side)
				}
			}
			_, exact = InputSides(lo, hi)
			return fit, exact
		}},
	},
}
