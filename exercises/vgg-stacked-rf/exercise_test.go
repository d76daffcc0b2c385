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
		why := verify.Teach(rf, verify.Known{Answer: 9, Says: "this is kernels laid side by side (3n): stacked windows overlap, each 3×3 adds only 3 − 1 = 2"})
		return fmt.Errorf("Stack(3, 1): got rf %d, %d and %d weights; want 7, 27 and 49 (Simonyan & Zisserman 2015 §2.3: 27C² vs 49C²)%s", rf, s, o, why)
	}
	for n := 1; n <= 6; n++ {
		for _, c := range []int{1, 3, 64, 512} {
			wr, ws, wo, err := analyzed(n, c)
			if err != nil {
				return err
			}
			if gr, gs, gov := f(n, c); gr != wr || gs != ws || gov != wo {
				why := verify.Teach(gs, verify.Known{Answer: int64(9 * n * c), Says: "this is one filter per layer: a 3×3 layer from C to C channels has C filters of 3×3×C"})
				return fmt.Errorf("Stack(%d, %d): got rf %d, stacked %d, single %d; want %d, %d, %d%s", n, c, gr, gs, gov, wr, ws, wo, why)
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(n, c int) (int, int64, int64)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(n, c int) (int, int64, int64)]{Func: "Stack", Yours: ex.Stack, Check: check, Ref: ref})
}
