// Package lenetc3 is the reference solution of the exercise lenet-c3, and
// its typical mistakes. Try the exercise before reading on: `book hint
// lenet-c3` first.
package lenetc3

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// C3: every (output map, input map) pair of the table carries its own
// k×k kernel, and every output map one bias. Each parameter is used once
// per output position, so connections = parameters · side².
func C3(table [][]int, k, side int) (params, connections int) {
	for _, maps := range table {
		params += len(maps)*k*k + 1
	}
	return params, params * side * side
}

type f = func(table [][]int, k, side int) (int, int)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: C3,
	Mistakes: []verify.Mistake[f]{
		{Name: "no biases", Says: "without the biases", Answer: func(table [][]int, k, side int) (int, int) {
			p, c := C3(table, k, side)
			return p - len(table), c - len(table)*side*side
		}},
		{Name: "every output map reads every input map", Says: "a full C3", Answer: func(table [][]int, k, side int) (int, int) {
			return len(table) * (6*k*k + 1), len(table) * (6*k*k + 1) * side * side
		}},
	},
}
