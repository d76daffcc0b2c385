package fractaljoin_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/fractal-join"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// joined runs nn's FractalNet join (a Parallel with JoinMean) over the
// kept inputs: the inputs stacked as channels, each branch a 1×1
// convolution that picks its input's channel.
func joined(inputs [][]float32, keep []bool) ([]float32, error) {
	n, size := len(inputs), len(inputs[0])
	var branches []nn.Module
	for i := range inputs {
		if !keep[i] {
			continue
		}
		pick := nn.NewConv2D(fmt.Sprint(i), n, 1, 1, nn.NoBias())
		pick.Weight.Data = make([]float32, n)
		pick.Weight.Data[i] = 1
		branches = append(branches, pick)
	}
	y, err := nn.Run(nn.NewParallel("join", nn.JoinMean, branches...), nil, nn.FromData(slices.Concat(inputs...), 1, n, 1, size))
	if err != nil {
		return nil, err
	}
	return y.Data, nil
}

func check(f func(inputs [][]float32, keep []bool) []float32) error {
	rng := rand.New(rand.NewPCG(2017, 3)) // Larsson et al., ICLR 2017, §3
	// FractalNet's joins have 2 to C inputs (C = 4 columns in the paper's
	// CIFAR nets); one kept, some kept, all kept.
	for _, keep := range [][]bool{{true, true}, {true, false}, {false, true}, {true, true, true}, {true, false, true}, {false, false, true, false}, {true, true, false, true}, {true}} {
		inputs := make([][]float32, len(keep))
		for i := range inputs {
			inputs[i] = make([]float32, 6)
			for j := range inputs[i] {
				inputs[i][j] = float32(rng.NormFloat64())
			}
		}
		orig := slices.Concat(inputs...)
		want, err := joined(inputs, keep)
		if err != nil {
			return err
		}
		got := f(inputs, slices.Clone(keep))
		if got == nil {
			return errors.New("Join returned nil")
		}
		if !slices.Equal(orig, slices.Concat(inputs...)) {
			return errors.New("Join modified its inputs")
		}
		if len(got) != len(want) {
			return fmt.Errorf("keep %v: got %d values, want %d, the length of an input", keep, len(got), len(want))
		}
		for j := range want {
			if math.Abs(float64(got[j]-want[j])) > 1e-5*(1+math.Abs(float64(want[j]))) {
				kept, sum := 0, float32(0)
				for i, k := range keep {
					if k {
						kept++
						sum += inputs[i][j]
					}
				}
				why := verify.Teach(true,
					verify.Known{Answer: kept < len(keep) && math.Abs(float64(got[j]-sum/float32(len(keep)))) < 1e-5, Says: fmt.Sprintf("this is the mean with the dropped inputs counted as zeros: divide by the %d active inputs, not all %d", kept, len(keep))},
					verify.Known{Answer: kept > 1 && math.Abs(float64(got[j]-sum)) < 1e-5, Says: "this is a sum: FractalNet joins by the element-wise mean"})
				return fmt.Errorf("keep %v: element %d: got %g, want %g%s", keep, j, got[j], want[j], why)
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(inputs [][]float32, keep []bool) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(inputs [][]float32, keep []bool) []float32]{Func: "Join", Yours: ex.Join, Check: check, Ref: ref})
}
