// Package lenettrain is the reference solution of the exercise
// lenet-train, and its typical mistakes. Try the exercise before reading
// on: `book hint lenet-train` first.
package lenettrain

import (
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// Train is the loop every framework hides: for each minibatch, forward in
// training mode, the loss and dL/dlogits, backward (which fills every
// parameter's Grad), one SGD step, and the gradients zeroed for the next
// batch. Learning rate 0.01 with momentum 0.9 (the training issue's
// lenet5 recipe has 0.02 with batch 64): 90.4 % of the 1,000 test images
// after the check's 2 epochs on 2,000 images (0.02 gives 85.7 %).
func Train(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int) {
	train(net, x, labels, epochs, batch, 0.01, true)
}

func train(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int, lr float64, zero bool) {
	opt := nn.NewSGD(net, lr, 0.9, 0)
	n := len(labels)
	per := len(x.Data) / n // values per image
	ctx := &nn.Ctx{Train: true}
	for range epochs {
		for lo := 0; lo < n; lo += batch {
			hi := min(lo+batch, n)
			shape := append([]int{hi - lo}, x.Shape[1:]...)
			xb := nn.FromData(x.Data[lo*per:hi*per], shape...)
			logits := net.Forward(ctx, xb)
			_, dlogits, err := nn.SoftmaxCrossEntropy(logits, labels[lo:hi])
			if err != nil {
				panic(err)
			}
			net.Backward(dlogits)
			opt.Step()
			if zero {
				opt.ZeroGrad()
			}
		}
	}
}

type f = func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int)

// Reference wires the solution and the mistakes into the exercise's
// check (-tags solutions, -tags mistakes).
var Reference = verify.Reference[f]{
	Solution: Train,
	Mistakes: []verify.Mistake[f]{
		{Name: "gradients never zeroed", Says: "is chance", Answer: func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int) {
			train(net, x, labels, epochs, batch, 0.05, false)
		}},
		{Name: "a learning rate far too small", Says: "want at least 80 %", Answer: func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int) {
			train(net, x, labels, epochs, batch, 1e-5, true)
		}},
	},
}
