// Package vggparams is an exercise of the VGG chapter: where VGG-16's 138
// million parameters are.
//
//	go test ./exercises/vgg-params
//	go run ./cmd/book hint vgg-params
package vggparams

// Params counts the parameters (weights and biases) of a VGG network on
// a 224×224 RGB image, one configuration of Simonyan & Zisserman 2015
// Table 1. blocks[b] lists the kernel side of each convolution of block
// b+1, in order: 3 for "conv3-N", 1 for "conv1-N". Every convolution of
// block b+1 has Widths[b] output channels and padding k/2; a 2×2 stride-2
// max pool follows each block. Then come the classifier's three fully
// connected layers, FC-4096, FC-4096 and FC-1000, the first reading the
// 512 maps of 7×7 that the fifth pool leaves.
//
// Configuration D (VGG-16) is
//
//	[5][]int{{3, 3}, {3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}}
//
// with 138,357,544 parameters ("138" million in the paper's Table 2).
// Every block holds at least one convolution.
func Params(blocks [5][]int) int64 {
	return 0
}

// Widths are the output channels of blocks 1–5 (Table 1: conv3-64,
// conv3-128, conv3-256, conv3-512, conv3-512).
var Widths = [5]int{64, 128, 256, 512, 512}
