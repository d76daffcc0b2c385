package lenetc3_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution: every (output map, input map) pair of the table carries its
// own k×k kernel, and every output map one bias. Each parameter is used
// once per output position, so connections = parameters · side².
func solution(table [][]int, k, side int) (params, connections int) {
	for _, maps := range table {
		params += len(maps)*k*k + 1
	}
	return params, params * side * side
}
