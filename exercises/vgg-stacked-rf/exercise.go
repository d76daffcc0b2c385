// Package vggstackedrf is an exercise of the VGG chapter: why VGG stacks
// 3×3 convolutions instead of using larger ones.
//
//	go test ./exercises/vgg-stacked-rf
//	go run ./cmd/book hint vgg-stacked-rf
package vggstackedrf

// Stack compares n stacked 3×3 convolutions (stride 1, padding 1, c
// channels in and out, weights only: no biases) with the single
// convolution that sees as much. It returns the receptive field of the
// stack (the side of the input square one output unit reads), the weights
// of the stack, and the weights of one rf×rf convolution from c to c
// channels.
//
// Simonyan & Zisserman 2015 §2.3: "a stack of two 3×3 conv. layers
// (without spatial pooling in between) has an effective receptive field of
// 5×5; three such layers have a 7×7 effective receptive field", and with C
// channels the three-layer stack has 3(3²C²) = 27C² weights where "a
// single 7×7 conv. layer would require 7²C² = 49C²".
func Stack(n, c int) (rf int, stacked, single int64) {
	return 0, 0, 0
}
