package vggstackedrf_test

import (
	"fmt"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/vgg-stacked-rf"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed builds both with nn and reads the receptive field and the
// parameters from nn.Analyze.
func analyzed(n, c int) (rf int, stacked, single int64, err error) {
	seq := nn.Seq("stack")
	for i := range n {
		seq.Append(nn.NewConv2D(fmt.Sprintf("conv%d", i+1), c, c, 3, nn.Pad(1), nn.NoBias()))
	}
	rep, err := nn.Analyze(seq, nn.Shape{c, 32, 32})
	if err != nil {
		return 0, 0, 0, err
	}
	rf = rep.RF.Size
	one, err := nn.Analyze(nn.NewConv2D("single", c, c, rf, nn.Pad(rf/2), nn.NoBias()), nn.Shape{c, 32, 32})
	if err != nil {
		return 0, 0, 0, err
	}
	return rf, rep.Params, one.Params, nil
}

func check(f func(n, c int) (int, int64, int64)) error {
	// §2.3's numbers, in units of C²: three layers give 7×7, 27C² against 49C².
	if rf, s, o := f(3, 1); rf != 7 || s != 27 || o != 49 {
		return fmt.Errorf("Stack(3, 1): got rf %d, %d and %d weights; want 7, 27 and 49 (Simonyan & Zisserman 2015 §2.3: 27C² vs 49C²)", rf, s, o)
	}
	for n := 1; n <= 6; n++ {
		for _, c := range []int{1, 3, 64, 512} {
			wr, ws, wo, err := analyzed(n, c)
			if err != nil {
				return err
			}
			if gr, gs, gov := f(n, c); gr != wr || gs != ws || gov != wo {
				return fmt.Errorf("Stack(%d, %d): got rf %d, stacked %d, single %d; want %d, %d, %d", n, c, gr, gs, gov, wr, ws, wo)
			}
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "Stack", func() error { return check(ex.Stack) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "rf = 3n (kernels laid side by side)", func() error {
		return check(func(n, c int) (int, int64, int64) {
			_, s, _ := solution(n, c)
			rf := 3 * n
			return rf, s, int64(rf * rf * c * c)
		})
	})
	verify.Rejects(t, "weights 9C per layer (one filter, not C)", func() error {
		return check(func(n, c int) (int, int64, int64) {
			rf, _, o := solution(n, c)
			return rf, int64(9 * n * c), o
		})
	})
}
