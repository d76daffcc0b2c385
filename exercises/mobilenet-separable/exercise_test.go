package mobilenetseparable_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/mobilenet-separable"
)

func check(f func(m, n, k, f int) (int64, int64)) error {
	cases := [][4]int{
		{512, 512, 3, 14}, // MobileNet's conv dw 14×14×512 + conv 1×1 (Table 1)
		{32, 64, 3, 112},  // its first separable layer
		{1, 1, 1, 1}, {3, 5, 1, 7}, {7, 3, 5, 9}, {16, 16, 7, 8}, {64, 128, 3, 28},
	}
	for _, c := range cases {
		// variants.SeparableCost builds both layers with nn and counts
		// with nn.Analyze.
		wantSep, wantStd := variants.SeparableCost(c[0], c[1], c[2], c[3], 1)
		std, sep := f(c[0], c[1], c[2], c[3])
		if std != wantStd || sep != wantSep {
			m, n, k, ff := int64(c[0]), int64(c[1]), int64(c[2]), int64(c[3]*c[3])
			why := verify.Teach(sep,
				verify.Known{Answer: k*k*m*m*ff + m*n*ff, Says: "this is a depthwise filter reading all m channels: each depthwise filter reads its own channel, k² values per output"},
				verify.Known{Answer: k * k * m * ff, Says: "this is the depthwise convolution alone: the 1×1 pointwise convolution from m to n channels follows it, m·n·f² more"})
			return fmt.Errorf("Cost(m=%d, n=%d, k=%d, f=%d): got standard %d, separable %d; want %d and %d%s", c[0], c[1], c[2], c[3], std, sep, wantStd, wantSep, why)
		}
		// Howard et al. 2017 Eq. 5: separable/standard = 1/N + 1/D_K².
		ratio := 1/float64(c[1]) + 1/float64(c[2]*c[2])
		if got := float64(sep) / float64(std); math.Abs(got-ratio) > 1e-12 {
			return fmt.Errorf("Cost(m=%d, n=%d, k=%d, f=%d): separable/standard = %g, want 1/N + 1/D_K² = %g (Howard et al. 2017 Eq. 5)", c[0], c[1], c[2], c[3], got, ratio)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(m, n, k, f int) (int64, int64)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(m, n, k, f int) (int64, int64)]{Func: "Cost", Yours: ex.Cost, Check: check, Ref: ref})
}
