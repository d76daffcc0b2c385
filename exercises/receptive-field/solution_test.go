package receptivefield_test

import ex "github.com/cnnbook/cnnbook/exercises/receptive-field"

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution walks up from the image. One unit of a layer's input is jump
// pixels apart from the next, so a k-wide window adds (k−1)·jump pixels
// to the field, and its stride multiplies the jump. Padding shifts the
// field but does not widen it.
func solution(layers []ex.Layer) (size, jump int) {
	size, jump = 1, 1
	for _, l := range layers {
		size += (l.K - 1) * jump
		jump *= l.S
	}
	return size, jump
}
