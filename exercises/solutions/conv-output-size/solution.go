// Package convoutputsize is the reference solution of the exercise
// conv-output-size, and its typical mistakes. Try the exercise before
// reading on: `book hint conv-output-size` first.
package convoutputsize

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// OutputSize counts the positions of the window's first row: it can
// start at 0, s, 2s, … as long as start + k ≤ in + 2p, so there are
// ⌊(in + 2p − k)/s⌋ + 1 of them (integer division floors for the
// non-negative numerator).
func OutputSize(in, k, s, p int) int {
	return (in+2*p-k)/s + 1
}

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[func(in, k, s, p int) int]{
	Solution: OutputSize,
	Mistakes: []verify.Mistake[func(in, k, s, p int) int]{
		{Name: "rounding up", Says: "this is what rounding up gives", Answer: func(in, k, s, p int) int { return (in+2*p-k+s-1)/s + 1 }},
		{Name: "padding on one side only", Says: "padding one side only", Answer: func(in, k, s, p int) int { return (in+p-k)/s + 1 }},
		{Name: "forgetting the +1", Says: "forgetting the +1", Answer: func(in, k, s, p int) int { return (in + 2*p - k) / s }},
	},
}
