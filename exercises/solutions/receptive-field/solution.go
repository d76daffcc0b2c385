// Package receptivefield is the reference solution of the exercise
// receptive-field, and its typical mistakes. Try the exercise before
// reading on: `book hint receptive-field` first.
package receptivefield

import (
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/receptive-field"
)

// ReceptiveField walks up from the image. One unit of a layer's input is
// jump pixels apart from the next, so a k-wide window adds (k−1)·jump
// pixels to the field, and its stride multiplies the jump. Padding shifts
// the field but does not widen it.
func ReceptiveField(layers []ex.Layer) (size, jump int) {
	size, jump = 1, 1
	for _, l := range layers {
		size += (l.K - 1) * jump
		jump *= l.S
	}
	return size, jump
}

// NoJump adds the kernels without the jump (a mistake).
func NoJump(ls []ex.Layer) (int, int) {
	size, jump := 1, 1
	for _, l := range ls {
		size += l.K - 1
		jump *= l.S
	}
	return size, jump
}

// JumpFirst multiplies by the stride before widening (a mistake).
func JumpFirst(ls []ex.Layer) (int, int) {
	size, jump := 1, 1
	for _, l := range ls {
		jump *= l.S
		size += (l.K - 1) * jump
	}
	return size, jump
}

type f = func([]ex.Layer) (int, int)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: ReceptiveField,
	Mistakes: []verify.Mistake[f]{
		{Name: "adding kernels without the jump", Says: "adding k−1 without the jump", Answer: NoJump},
		{Name: "multiplying by the stride before widening", Says: "updating the jump before the field", Answer: JumpFirst},
	},
}
