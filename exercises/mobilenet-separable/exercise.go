// Package mobilenetseparable is an exercise of the variants chapter
// (MobileNet): what a depthwise separable convolution saves.
//
//	go test ./exercises/mobilenet-separable
//	go run ./cmd/book hint mobilenet-separable
package mobilenetseparable

// Cost returns the multiply-accumulates (biases not counted) of a
// standard k×k convolution from m to n channels on an m×f×f input, with
// stride 1 and k/2 pixels of zero padding so the output is n×f×f too,
// and of the depthwise separable convolution that MobileNet puts in its
// place (Howard et al. 2017 §3.1): a k×k depthwise convolution, one
// filter per input channel, then a 1×1 pointwise convolution from m to n
// channels. k is odd.
func Cost(m, n, k, f int) (standard, separable int64) {
	return 0, 0
}
