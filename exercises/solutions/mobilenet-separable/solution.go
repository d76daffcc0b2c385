// Package mobilenetseparable is the reference solution of the exercise
// mobilenet-separable, and its typical mistakes. Try the exercise before
// reading on: `book hint mobilenet-separable` first.
package mobilenetseparable

import "github.com/cnnbook/cnnbook/exercises/internal/verify"

// Cost, in Howard et al. 2017's notation (D_K = k, M = m, N = n,
// D_F = f): every output value of a standard convolution needs D_K²·M
// multiply-adds (Eq. 2); a depthwise filter reads one channel, D_K² per
// value (Eq. 4); a pointwise value needs M.
func Cost(m, n, k, f int) (standard, separable int64) {
	ff := int64(f) * int64(f)
	standard = int64(k*k*m*n) * ff
	separable = int64(k*k*m)*ff + int64(m*n)*ff
	return standard, separable
}

type fn = func(m, n, k, f int) (int64, int64)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[fn]{
	Solution: Cost,
	Mistakes: []verify.Mistake[fn]{
		{Name: "a depthwise filter reading all m channels", Says: "a depthwise filter reading all m channels", Answer: func(m, n, k, f int) (int64, int64) {
			std, _ := Cost(m, n, k, f)
			ff := int64(f * f)
			return std, int64(k*k*m*m)*ff + int64(m*n)*ff
		}},
		{Name: "forgetting the pointwise convolution", Says: "the depthwise convolution alone", Answer: func(m, n, k, f int) (int64, int64) {
			std, _ := Cost(m, n, k, f)
			return std, int64(k*k*m) * int64(f*f)
		}},
	},
}
