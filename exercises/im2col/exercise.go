// Package im2col is an exercise of the VGG chapter: the unrolling that
// turns VGG's 3×3 convolutions into one matrix multiply each (Chellapilla,
// Puri & Simard 2006, "High Performance Convolutional Neural Networks for
// Document Processing"), as nn's Conv2D runs them.
//
//	go test ./exercises/im2col
//	go run ./cmd/book hint im2col
package im2col

// Im2col unrolls the feature map x (c channels of h×w, row-major:
// x[(ch·h + i)·w + j]) for a k×k window with stride s and p pixels of
// zero padding on each side into a matrix of c·k·k rows and oh·ow
// columns, row-major, where oh = ⌊(h + 2p − k)/s⌋ + 1 (ow alike):
//
//	row (ch·k + u)·k + v, column i·ow + j  =  x[ch][i·s − p + u][j·s − p + v]
//
// and 0 where that pixel falls in the padding. Then the convolution with
// weights W (out rows of c·k·k, the layout of nn.Conv2D's weight) is the
// matrix product W · Im2col(x): out × oh·ow. It returns a new slice.
func Im2col(x []float32, c, h, w, k, s, p int) []float32 {
	return nil
}
