// Package lenetc3 is an exercise of the LeNet-5 chapter: the parameters
// and connections of C3, the layer whose maps read only some of S2's.
//
//	go test ./exercises/lenet-c3
//	go run ./cmd/book hint lenet-c3
package lenetc3

// C3 counts the trainable parameters and the connections of a LeNet-5
// style partially connected convolution: output map o applies one k×k
// kernel to each input map that table[o] lists, sums them and adds its own
// bias, at every position of its side×side output. A connection is one
// multiply (an input pixel times a weight) or one bias added, at one
// output position, as LeCun et al. count them.
//
// With the paper's Table I (lenet.C3Table() in chapters/lenet), k = 5 and
// a 10×10 output: "Layer C3 has 1,516 trainable parameters and 151,600
// connections" (LeCun et al. 1998 §II.B).
func C3(table [][]int, k, side int) (params, connections int) {
	return 0, 0
}
