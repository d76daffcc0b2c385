package lenettrain_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/lenet-train"
	"github.com/cnnbook/cnnbook/nn"
)

// The experiment the exercise states: 2,000 training images, 2 epochs,
// batch 32, at least 80 % of 1,000 test images.
const (
	trainImages = 2000
	epochs      = 2
	batch       = 32
	testImages  = 1000
	wantAcc     = 0.80
)

// format is the input of the training issue's lenet5 recipe: MNIST
// standardised, padded to 32×32 (LeCun et al. 1998 §III.A).
var format = mnist.Format{Pad: 2, Scaling: mnist.Standard}

func check(f func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int)) error {
	tr, err := mnist.Load(mnist.Train)
	if err != nil {
		return fmt.Errorf("MNIST: %v", err)
	}
	te, err := mnist.Load(mnist.Test)
	if err != nil {
		return fmt.Errorf("MNIST: %v", err)
	}
	m := lenet.LeNet5()
	nn.InitParams(m.Net, rand.New(rand.NewPCG(1998, 2278))) // LeCun et al., Proc. IEEE 1998, p. 2278
	x, labels := tr.BatchFormat(mnist.Range(0, trainImages), format)
	f(m.Net, x, labels, epochs, batch)
	tx, tl := te.BatchFormat(mnist.Range(0, testImages), format)
	out, err := nn.Run(m.Net, nil, tx)
	if err != nil {
		return err
	}
	right := 0
	for i, l := range tl {
		row := out.Data[i*10 : (i+1)*10]
		best := 0
		for c, v := range row {
			if v > row[best] {
				best = c
			}
		}
		if best == l {
			right++
		}
	}
	acc := float64(right) / float64(len(tl))
	if acc < wantAcc {
		why := ""
		if acc < 0.2 {
			why = " This is chance level (10 classes): the network did not learn. Does the loss go down? A gradient never zeroed adds every step's gradient to the next; a learning rate too large diverges; no Backward or no Step leaves the weights as they were."
		} else {
			why = " It learnt something: more steps or a larger learning rate (with momentum 0.9, 0.01–0.1) go further."
		}
		return fmt.Errorf("after %d epochs on the first %d training images (batch %d): %d of the first %d test images right, %.1f %%; want at least %.0f %%.%s",
			epochs, trainImages, batch, right, len(tl), 100*acc, 100*wantAcc, why)
	}
	return nil
}

// banned: package train's loop would be the answer.
var banned = []verify.Ban{{Pkg: "github.com/cnnbook/cnnbook/train", Why: "package train's loop is the answer; write yours with nn"}}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(net nn.Module, x *nn.Tensor, labels []int, epochs, batch int)]{Func: "Train", Yours: ex.Train, Check: check, Banned: banned, Ref: ref})
}
