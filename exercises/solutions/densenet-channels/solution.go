// Package densenetchannels is the reference solution of the exercise
// densenet-channels, and its typical mistakes. Try the exercise before
// reading on: `book hint densenet-channels` first.
package densenetchannels

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Channels: a block of n layers turns m channels into m + n·growth (layer
// i reads m + (i−1)·growth); a transition, only between blocks, turns m
// into ⌊θ·m⌋.
func Channels(init, growth int, blocks []int, theta float64) []int {
	var out []int
	m := init
	for b, n := range blocks {
		out = append(out, m)
		m += n * growth
		if b < len(blocks)-1 {
			m = int(float64(m) * theta)
		}
	}
	return append(out, m)
}

type f = func(init, growth int, blocks []int, theta float64) []int

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Channels,
	Mistakes: []verify.Mistake[f]{
		{Name: "a transition after the last block too", Says: "a transition after the last block", Answer: func(init, growth int, blocks []int, theta float64) []int {
			out := Channels(init, growth, blocks, theta)
			out[len(out)-1] = int(float64(out[len(out)-1]) * theta)
			return out
		}},
		{Name: "rounding θ·m to nearest", Says: "rounding θ·m to the nearest", Answer: func(init, growth int, blocks []int, theta float64) []int {
			var out []int
			m := init
			for b, n := range blocks {
				out = append(out, m)
				m += n * growth
				if b < len(blocks)-1 {
					m = int(float64(m)*theta + 0.5)
				}
			}
			return append(out, m)
		}},
	},
}
