// Package occlusionmap is an exercise of the ZFNet chapter, an
// experiment on a trained network: Zeiler & Fergus 2014 §4.2 (Fig. 7)
// slide a grey square over the image and plot the probability of the
// correct class at each position, to see whether the network looks at
// the object or at its surroundings. Here the network is the committed
// LeNet-5 (results/lenet5-seed1.safetensors) and the image an MNIST
// digit.
//
//	go test ./exercises/occlusion-map
//	go run ./cmd/book hint occlusion-map
package occlusionmap

import "github.com/cnnbook/cnnbook/nn"

// Occlusion returns the occlusion map of img (1×1×32×32, MNIST
// standardised and padded, as the network was trained) for class label:
// for each position (i, j) of a patch×patch square, top-left corner at
// (i·stride, j·stride) with i, j = 0 … ⌊(32 − patch)/stride⌋, the
// probability (softmax of the ten logits of net, run in inference mode)
// of class label when the square is filled with 0 (the training set's
// mean pixel after standardisation: Zeiler & Fergus's grey). Row-major:
// entry i·n + j, n = ⌊(32 − patch)/stride⌋ + 1. img is not modified.
func Occlusion(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64 {
	return nil
}
