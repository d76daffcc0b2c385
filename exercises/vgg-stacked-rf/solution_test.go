package vggstackedrf_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution: each 3×3 stride-1 layer widens the field by 3 − 1 = 2, so n
// layers see 2n + 1; a k×k convolution from c to c channels has k²c²
// weights.
func solution(n, c int) (rf int, stacked, single int64) {
	rf = 2*n + 1
	cc := int64(c) * int64(c)
	return rf, int64(9*n) * cc, int64(rf*rf) * cc
}
