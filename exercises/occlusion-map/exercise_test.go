package occlusionmap_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/occlusion-map"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// weightsFile is the training issue's committed LeNet-5 (book train
// lenet5 -seed 1).
const weightsFile = "../../results/lenet5-seed1.safetensors"

// format is how it was trained (its results JSON: Pad 2, Standard).
var format = mnist.Format{Pad: 2, Scaling: mnist.Standard}

// probs runs net on a batch of occluded copies (one nn.Run for all) and
// returns the softmax probability of label for each.
func probs(net nn.Module, img *nn.Tensor, label, patch, stride int) ([]float64, []float64, error) {
	const side = 32
	n := (side-patch)/stride + 1
	batch := nn.NewTensor(n*n, 1, side, side)
	for k := range n * n {
		plane := batch.Data[k*side*side : (k+1)*side*side]
		copy(plane, img.Data)
		for u := range patch {
			for v := range patch {
				plane[(k/n*stride+u)*side+k%n*stride+v] = 0
			}
		}
	}
	y, err := nn.Run(net, nil, batch)
	if err != nil {
		return nil, nil, err
	}
	p, logit := make([]float64, n*n), make([]float64, n*n)
	for k := range n * n {
		row := y.Data[k*10 : (k+1)*10]
		top := float64(slices.Max(row))
		var s float64
		for _, v := range row {
			s += math.Exp(float64(v) - top)
		}
		p[k] = math.Exp(float64(row[label])-top) / s
		logit[k] = float64(row[label])
	}
	return p, logit, nil
}

func check(f func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64) error {
	m := lenet.LeNet5()
	if err := weights.Load(m.Net, weightsFile, nil); err != nil {
		return err
	}
	te, err := mnist.Load(mnist.Test)
	if err != nil {
		return fmt.Errorf("MNIST: %v", err)
	}
	for _, c := range []struct{ index, patch, stride int }{{0, 8, 4}, {1, 6, 2}, {7, 10, 11}} {
		img, labels := te.BatchFormat([]int{c.index}, format)
		orig := slices.Clone(img.Data)
		want, logit, err := probs(m.Net, img, labels[0], c.patch, c.stride)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("test image %d (a %d), %d×%d square, stride %d", c.index, labels[0], c.patch, c.patch, c.stride)
		got := f(m.Net, img, labels[0], c.patch, c.stride)
		if got == nil {
			return errors.New(name + ": Occlusion returned nil")
		}
		if !slices.Equal(img.Data, orig) {
			return errors.New(name + ": Occlusion modified the image")
		}
		if len(got) != len(want) {
			n := (32-c.patch)/c.stride + 1
			return fmt.Errorf("%s: got %d values, want %d×%d = %d positions", name, len(got), n, n, len(want))
		}
		n := (32-c.patch)/c.stride + 1
		for k := range want {
			if math.Abs(got[k]-want[k]) > 1e-4 {
				why := ""
				tr := make([]float64, len(want))
				for i := range n {
					for j := range n {
						tr[i*n+j] = want[j*n+i]
					}
				}
				switch {
				case math.Abs(got[k]-logit[k]) < 1e-3:
					why = ": this is the logit: apply the softmax over the ten logits and read the label's probability"
				case math.Abs(got[k]-tr[k]) < 1e-4:
					why = ": this is the map transposed: entry i·n + j is the square at row i·stride, column j·stride"
				}
				return fmt.Errorf("%s: position (%d, %d): got %g, want %g%s", name, k/n, k%n, got[k], want[k], why)
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(net nn.Module, img *nn.Tensor, label, patch, stride int) []float64]{Func: "Occlusion", Yours: ex.Occlusion, Check: check, Ref: ref})
}
