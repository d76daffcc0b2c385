package residualblockforward_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/residual-block-forward"
	"github.com/cnnbook/cnnbook/nn"
)

// reference runs the same block built from nn's layers (im2col + GEMM).
func reference(x, w1, w2 []float32, c, h, w int) ([]float32, error) {
	conv1 := nn.NewConv2D("conv1", c, c, 3, nn.Pad(1), nn.NoBias())
	conv2 := nn.NewConv2D("conv2", c, c, 3, nn.Pad(1), nn.NoBias())
	block := nn.NewResidual("block", nn.Seq("", conv1, nn.NewReLU("relu1"), conv2), nil, nn.NewReLU("relu"))
	conv1.Weight.Data = slices.Clone(w1)
	conv2.Weight.Data = slices.Clone(w2)
	y, err := nn.Run(block, nil, nn.FromData(slices.Clone(x), 1, c, h, w))
	if err != nil {
		return nil, err
	}
	return y.Data, nil
}

func random(rng *rand.Rand, n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.NormFloat64())
	}
	return d
}

func check(f func(x, w1, w2 []float32, c, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2016, 770)) // He et al., CVPR 2016, p. 770
	for _, s := range [][3]int{{1, 1, 1}, {1, 3, 3}, {2, 3, 4}, {4, 5, 5}, {3, 7, 2}, {8, 6, 9}} {
		c, h, w := s[0], s[1], s[2]
		x, w1, w2 := random(rng, c*h*w), random(rng, c*c*9), random(rng, c*c*9)
		orig := [][]float32{slices.Clone(x), slices.Clone(w1), slices.Clone(w2)}
		want, err := reference(x, w1, w2, c, h, w)
		if err != nil {
			return err
		}
		got := f(x, w1, w2, c, h, w)
		if got == nil {
			return errors.New("BasicBlockForward returned nil")
		}
		if !slices.Equal(x, orig[0]) || !slices.Equal(w1, orig[1]) || !slices.Equal(w2, orig[2]) {
			return fmt.Errorf("c=%d h=%d w=%d: BasicBlockForward modified its arguments", c, h, w)
		}
		if len(got) != len(want) {
			return fmt.Errorf("c=%d h=%d w=%d: got %d values, want %d (c·h·w)", c, h, w, len(got), len(want))
		}
		for i := range got {
			// float32 sums of up to 9c terms, added in another order than
			// the GEMM's: a few units in the last place of values near 10.
			if d := math.Abs(float64(got[i] - want[i])); !(d <= 1e-4*(1+math.Abs(float64(want[i])))) {
				ch, ij := i/(h*w), i%(h*w)
				return fmt.Errorf("c=%d h=%d w=%d: y[%d][%d][%d]: got %g, want %g", c, h, w, ch, ij/w, ij%w, got[i], want[i])
			}
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "BasicBlockForward", func() error { return check(ex.BasicBlockForward) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "no shortcut (a plain two-layer block)", func() error {
		return check(func(x, w1, w2 []float32, c, h, w int) []float32 {
			return relu(conv3x3(relu(conv3x3(x, w1, c, h, w)), w2, c, h, w))
		})
	})
	verify.Rejects(t, "ReLU before the addition", func() error {
		return check(func(x, w1, w2 []float32, c, h, w int) []float32 {
			u := relu(conv3x3(relu(conv3x3(x, w1, c, h, w)), w2, c, h, w))
			for i := range u {
				u[i] += x[i]
			}
			return u
		})
	})
	verify.Rejects(t, "kernel flipped (true convolution, not PyTorch's correlation)", func() error {
		return check(func(x, w1, w2 []float32, c, h, w int) []float32 {
			return solution(x, flip(w1), flip(w2), c, h, w)
		})
	})
}

// flip turns every 3×3 kernel by 180°.
func flip(w []float32) []float32 {
	out := make([]float32, len(w))
	for k := 0; k < len(w); k += 9 {
		for t := range 9 {
			out[k+t] = w[k+8-t]
		}
	}
	return out
}
