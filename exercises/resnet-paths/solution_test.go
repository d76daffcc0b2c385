package resnetpaths_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution: a path chooses, at every block, the shortcut (0 layers) or
// the branch (w layers). Choosing the branch in k of the n blocks gives a
// path of k·w layers, in C(n, k) ways, so the distribution is the
// binomial one: 2^n paths, most of them of about half the depth. C(n, k)
// comes row by row from Pascal's rule, in integers (C(60, 30) < 2^63).
func solution(n, w int) []int64 {
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
