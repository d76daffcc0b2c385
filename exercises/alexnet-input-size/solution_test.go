package alexnetinputsize_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution follows the side through the four layers that change it (the
// padded convolutions keep it): out = ⌊(in − k)/s⌋ + 1, and the layer
// tiles exactly when (in − k) is a multiple of s.
func solution(lo, hi int) (fit, exact []int) {
	for side := lo; side <= hi; side++ {
		x, tiles := side, true
		for _, w := range [][2]int{{11, 4}, {3, 2}, {3, 2}, {3, 2}} { // conv1, pool1, pool2, pool5
			k, s := w[0], w[1]
			if x < k {
				x = 0
				break
			}
			tiles = tiles && (x-k)%s == 0
			x = (x-k)/s + 1
		}
		if x == 6 {
			fit = append(fit, side)
			if tiles {
				exact = append(exact, side)
			}
		}
	}
	return fit, exact
}
