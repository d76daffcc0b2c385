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

// The block as nn builds it, and the typical mistakes, for the message.
const (
	paper         = iota // y = relu(x + conv2(relu(conv1(x))))
	noShortcut           // y = relu(conv2(relu(conv1(x))))
	reluBeforeSum        // y = x + relu(conv2(relu(conv1(x))))
)

// reference runs the same block built from nn's layers (im2col + GEMM).
func reference(x, w1, w2 []float32, c, h, w int) ([]float32, error) {
	return variant(paper, x, w1, w2, c, h, w)
}

func variant(kind int, x, w1, w2 []float32, c, h, w int) ([]float32, error) {
	conv1 := nn.NewConv2D("conv1", c, c, 3, nn.Pad(1), nn.NoBias())
	conv2 := nn.NewConv2D("conv2", c, c, 3, nn.Pad(1), nn.NoBias())
	var block nn.Module
	switch kind {
	case paper:
		block = nn.NewResidual("block", nn.Seq("", conv1, nn.NewReLU("relu1"), conv2), nil, nn.NewReLU("relu"))
	case noShortcut:
		block = nn.Seq("plain", conv1, nn.NewReLU("relu1"), conv2, nn.NewReLU("relu"))
	case reluBeforeSum:
		block = nn.NewResidual("block", nn.Seq("", conv1, nn.NewReLU("relu1"), conv2, nn.NewReLU("relu2")), nil, nil)
	}
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
		if !near(got, want) {
			why := ""
			for _, m := range []struct {
				kind int
				flip bool
				says string
			}{
				{noShortcut, false, "this is a plain block, without the shortcut: add x back before the last ReLU"},
				{reluBeforeSum, false, "this is the ReLU before the addition: He et al. add first, then apply the ReLU (Fig. 2)"},
				{paper, true, "this is a flipped kernel, the textbook convolution: nn (like PyTorch) correlates, W[o][ch][u][v] meets x[ch][i+u−1][j+v−1]"},
			} {
				a, b := w1, w2
				if m.flip {
					a, b = flip(w1), flip(w2)
				}
				if v, err := variant(m.kind, x, a, b, c, h, w); err == nil && near(got, v) {
					why = ": " + m.says
					break
				}
			}
			i := firstOff(got, want)
			ch, ij := i/(h*w), i%(h*w)
			return fmt.Errorf("c=%d h=%d w=%d: y[%d][%d][%d]: got %g, want %g%s", c, h, w, ch, ij/w, ij%w, got[i], want[i], why)
		}
	}
	return nil
}

// firstOff is the first index where got and want differ beyond float32
// rounding (-1 if none).
func firstOff(got, want []float32) int {
	for i := range got {
		// float32 sums of up to 9c terms, added in another order than
		// the GEMM's: a few units in the last place of values near 10.
		if d := math.Abs(float64(got[i] - want[i])); !(d <= 1e-4*(1+math.Abs(float64(want[i])))) {
			return i
		}
	}
	return -1
}

func near(got, want []float32) bool { return len(got) == len(want) && firstOff(got, want) < 0 }

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, w1, w2 []float32, c, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, w1, w2 []float32, c, h, w int) []float32]{Func: "BasicBlockForward", Yours: ex.BasicBlockForward, Check: check, Ref: ref})
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
