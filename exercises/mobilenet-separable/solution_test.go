package mobilenetseparable_test

// A verified solution: TestSolution runs it through the same check.
// Try the exercise before reading on.

// solution, in Howard et al. 2017's notation (D_K = k, M = m, N = n,
// D_F = f): every output value of a standard convolution needs D_K²·M
// multiply-adds (Eq. 2); a depthwise filter reads one channel, D_K² per
// value (Eq. 4); a pointwise value needs M.
func solution(m, n, k, f int) (standard, separable int64) {
	ff := int64(f) * int64(f)
	standard = int64(k*k*m*n) * ff
	separable = int64(k*k*m)*ff + int64(m*n)*ff
	return standard, separable
}
