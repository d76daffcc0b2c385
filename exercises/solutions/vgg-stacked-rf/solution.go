// Package vggstackedrf is the reference solution of the exercise
// vgg-stacked-rf, and its typical mistakes. Try the exercise before
// reading on: `book hint vgg-stacked-rf` first.
package vggstackedrf

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Stack: each 3×3 stride-1 layer widens the field by 3 − 1 = 2, so n
// layers see 2n + 1; a k×k convolution from c to c channels has k²c²
// weights.
func Stack(n, c int) (rf int, stacked, single int64) {
	rf = 2*n + 1
	cc := int64(c) * int64(c)
	return rf, int64(9*n) * cc, int64(rf*rf) * cc
}

type f = func(n, c int) (int, int64, int64)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Stack,
	Mistakes: []verify.Mistake[f]{
		{Name: "rf = 3n (kernels laid side by side)", Says: "kernels laid side by side", Answer: func(n, c int) (int, int64, int64) {
			_, s, _ := Stack(n, c)
			rf := 3 * n
			return rf, s, int64(rf * rf * c * c)
		}},
		{Name: "weights 9C per layer (one filter, not C)", Says: "one filter per layer", Answer: func(n, c int) (int, int64, int64) {
			rf, _, o := Stack(n, c)
			return rf, int64(9 * n * c), o
		}},
	},
}
