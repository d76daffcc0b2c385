// Package inceptioncost is the reference solution of the exercise
// inception-cost, and its typical mistakes. Try the exercise before
// reading on: `book hint inception-cost` first.
package inceptioncost

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Cost: a k×k convolution from a to b channels on side×side costs
// k²·a·b·side² multiply-adds. For (3a) the naive module's 5×5 alone
// reads all 192 channels: 25·192·32·784 ≈ 120M; reduced to 16 channels
// first it costs 10M, plus 2.4M for the reduction.
func Cost(in, side, c1, c3r, c3, c5r, c5, pp int) (naive, reduced int64) {
	return cost(in, side, c1, c3r, c3, c5r, c5, pp, false)
}

func cost(in, side, c1, c3r, c3, c5r, c5, pp int, noProj bool) (naive, reduced int64) {
	conv := func(k, a, b int) int64 { return int64(k*k*a*b) * int64(side*side) }
	naive = conv(1, in, c1) + conv(3, in, c3) + conv(5, in, c5)
	reduced = conv(1, in, c1) + conv(1, in, c3r) + conv(3, c3r, c3) + conv(1, in, c5r) + conv(5, c5r, c5)
	if !noProj {
		reduced += conv(1, in, pp)
	}
	return naive, reduced
}

type f = func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Cost,
	Mistakes: []verify.Mistake[f]{
		{Name: "forgetting the pool projection", Says: "this is the reduced module without its pool projection", Answer: func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64) {
			return cost(in, side, c1, c3r, c3, c5r, c5, pp, true)
		}},
		{Name: "the 3×3 and 5×5 still reading every input channel", Says: "this is the 3×3 and 5×5 reading the in channels", Answer: func(in, side, c1, c3r, c3, c5r, c5, pp int) (int64, int64) {
			n, _ := Cost(in, side, c1, c3r, c3, c5r, c5, pp)
			conv := func(k, a, b int) int64 { return int64(k*k*a*b) * int64(side*side) }
			return n, conv(1, in, c1) + conv(1, in, c3r) + conv(3, in, c3) + conv(1, in, c5r) + conv(5, in, c5) + conv(1, in, pp)
		}},
	},
}
