// Package resnetpaths is the reference solution of the exercise
// resnet-paths, and its typical mistakes. Try the exercise before reading
// on: `book hint resnet-paths` first.
package resnetpaths

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// PathLengths: a path chooses, at every block, the shortcut (0 layers) or
// the branch (w layers). Choosing the branch in k of the n blocks gives a
// path of k·w layers, in C(n, k) ways, so the distribution is the
// binomial one: 2^n paths, most of them of about half the depth. C(n, k)
// comes row by row from Pascal's rule, in integers (C(60, 30) < 2^63).
func PathLengths(n, w int) []int64 {
	c := []int64{1} // row 0 of Pascal's triangle
	for range n {
		next := make([]int64, len(c)+1)
		for k, v := range c {
			next[k] += v
			next[k+1] += v
		}
		c = next
	}
	out := make([]int64, n*w+1)
	for k, v := range c {
		out[k*w] = v
	}
	return out
}

type f = func(n, w int) []int64

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: PathLengths,
	Mistakes: []verify.Mistake[f]{
		{Name: "lengths counted in blocks, not layers", Says: "lengths counted in blocks", Answer: func(n, w int) []int64 {
			out := make([]int64, n*w+1)
			copy(out, PathLengths(n, 1))
			return out
		}},
		{Name: "one path per length", Says: "one path per length", Answer: func(n, w int) []int64 {
			out := make([]int64, n*w+1)
			for k := 0; k <= n; k++ {
				out[k*w] = 1
			}
			return out
		}},
	},
}
