// Package convoutputsize is an exercise of the AlexNet chapter: the size
// of a convolution's output.
//
// Write OutputSize below, then check it with
//
//	go test ./exercises/conv-output-size
//	go run ./cmd/book exercises               (every exercise, with progress)
//	go run ./cmd/book hint conv-output-size   (one hint at a time)
package convoutputsize

// OutputSize returns the side of the output of a convolution (or a
// pooling window) with kernel k, stride s and p rows of zero padding on
// each side, slid over an input of side in, as PyTorch sizes it: a window
// that does not fit entirely is dropped. For example AlexNet's conv1,
// 11×11 with stride 4 on 227×227 pixels and no padding, gives 55×55.
// The arguments always describe a layer that runs (k ≤ in + 2p).
func OutputSize(in, k, s, p int) int {
	return 0
}
