package densenetchannels_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution: a block of n layers turns m channels into m + n·growth (layer
// i reads m + (i−1)·growth); a transition, only between blocks, turns m
// into ⌊θ·m⌋.
func solution(init, growth int, blocks []int, theta float64) []int {
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
