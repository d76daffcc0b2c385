// Package denseblock is an exercise of the variants chapter (DenseNet):
// a dense block's forward pass, every layer reading the concatenation of
// all the maps before it (Huang et al. 2017 §3, Eq. 2:
// x_l = H_l([x_0, x_1, …, x_{l−1}])); exercise densenet-channels follows
// its channel plan through a whole network.
//
//	go test ./exercises/dense-block
//	go run ./cmd/book hint dense-block
package denseblock

// DenseBlock runs a dense block of len(ws) layers on x (c0 channels of
// h×w) and returns its output, the concatenation along the channels of
// x and every layer's growth new maps, in order: c0 + len(ws)·growth
// channels of h×w. Layer l reads the c_l = c0 + l·growth channels made
// so far and computes H_l = ReLU, then a 3×3 convolution (stride 1, one
// pixel of zero padding, no bias) from c_l to growth channels with the
// weights ws[l] (nn's layout: ws[l][((o·c_l + ch)·3 + u)·3 + v]); the
// BatchNorm before the ReLU is left out. Layouts as in nn (row-major,
// channel first). It returns a new slice.
func DenseBlock(x []float32, ws [][]float32, c0, growth, h, w int) []float32 {
	return nil
}
