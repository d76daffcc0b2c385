// Package lenettrain is an exercise of the LeNet chapter, an experiment
// on the real MNIST (data/mnist): train LeNet-5 with your own training
// loop. LeCun et al. 1998 trained by gradient descent on the 60,000
// training images; here 2,000 of them and two epochs are enough to see
// it learn, and the check measures the accuracy you reach, never the time
// it took.
//
//	go test ./exercises/lenet-train
//	go run ./cmd/book hint lenet-train
package lenettrain

import "github.com/cnnbook/cnnbook/nn"

// Train trains net, LeNet-5 as chapters/lenet builds it (ReLU, max-pool,
// ten logits out; its parameters initialised with a fixed seed), in
// place: epochs passes over the images x (N×1×32×32, MNIST standardised
// and padded to 32×32) with their labels, in minibatches of batch images
// taken in order (no shuffling needed). Use nn: a forward pass in
// training mode (nn.Run with &nn.Ctx{Train: true}, or the module's
// Forward), nn.SoftmaxCrossEntropy for the loss and the gradient of the
// logits, the module's Backward, and an optimiser (nn.NewSGD: choose the
// learning rate and momentum). Do not call package train: the loop is the
// exercise.
//
// The check trains on the first 2,000 training images for 2 epochs with
// batch 32 and wants at least 80 % of the first 1,000 test images right
// (plain SGD with momentum 0.9 and a well-chosen learning rate reaches
// about 90 %).
func Train(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int) {
}
