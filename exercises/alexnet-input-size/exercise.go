// Package alexnetinputsize is an exercise of the AlexNet chapter: which
// input sizes does the network of Krizhevsky et al. 2012 actually accept?
//
//	go test ./exercises/alexnet-input-size
//	go run ./cmd/book hint alexnet-input-size
package alexnetinputsize

// InputSides returns, in increasing order, the square input sides from lo
// to hi at which AlexNet runs (fit), and among them the sides at which
// every window tiles its input exactly, so that no pixel row or column is
// dropped by rounding down (exact).
//
// AlexNet runs when its fifth pooling layer hands fc6 256 maps of 6×6,
// the 9,216 values fc6 was built for. The paper's §3.5 says "the
// 224×224×3 input image"; the layers are
//
//	conv1 11×11, stride 4, no padding     pool1 3×3, stride 2
//	conv2 5×5, padding 2                  pool2 3×3, stride 2
//	conv3, conv4, conv5 3×3, padding 1    pool5 3×3, stride 2
//
// (convolutions and pools as PyTorch sizes them: a window that does not
// fit entirely is dropped.)
func InputSides(lo, hi int) (fit, exact []int) {
	return nil, nil
}
