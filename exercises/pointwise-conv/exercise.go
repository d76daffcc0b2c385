// Package pointwiseconv is an exercise of the GoogLeNet chapter: a 1×1
// convolution is a fully connected layer applied at every pixel (Lin,
// Chen & Yan 2014, "Network in Network"), which is why GoogLeNet can use
// it to cut channels before its 3×3 and 5×5 convolutions.
//
//	go test ./exercises/pointwise-conv
//	go run ./cmd/book hint pointwise-conv
package pointwiseconv

// Pointwise computes the 1×1 convolution (no bias) from in to out
// channels of x, in channels of hw pixels each (row-major, channel first:
// x[ch·hw + q]), with weights w[o·in + ch] (nn's out×in×1×1 layout):
//
//	y[o][q] = Σ_ch w[o][ch] · x[ch][q]
//
// that is, the matrix product of W (out×in) and X (in×hw). It returns
// out·hw values in a new slice.
func Pointwise(x, w []float32, in, out, hw int) []float32 {
	return nil
}
