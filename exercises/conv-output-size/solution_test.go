package convoutputsize_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution counts the positions of the window's first row: it can start
// at 0, s, 2s, … as long as start + k ≤ in + 2p, so there are
// ⌊(in + 2p − k)/s⌋ + 1 of them (integer division floors for the
// non-negative numerator).
func solution(in, k, s, p int) int {
	return (in+2*p-k)/s + 1
}
