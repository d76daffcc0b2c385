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
			return fmt.Errorf("Cost(m=%d, n=%d, k=%d, f=%d): got standard %d, separable %d; want %d and %d", c[0], c[1], c[2], c[3], std, sep, wantStd, wantSep)
		}
		// Howard et al. 2017 Eq. 5: separable/standard = 1/N + 1/D_K².
		ratio := 1/float64(c[1]) + 1/float64(c[2]*c[2])
		if got := float64(sep) / float64(std); math.Abs(got-ratio) > 1e-12 {
			return fmt.Errorf("Cost(m=%d, n=%d, k=%d, f=%d): separable/standard = %g, want 1/N + 1/D_K² = %g (Howard et al. 2017 Eq. 5)", c[0], c[1], c[2], c[3], got, ratio)
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "Cost", func() error { return check(ex.Cost) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "a depthwise filter reading all m channels", func() error {
		return check(func(m, n, k, f int) (int64, int64) {
			std, _ := solution(m, n, k, f)
			ff := int64(f * f)
			return std, int64(k*k*m*m)*ff + int64(m*n)*ff
		})
	})
	verify.Rejects(t, "forgetting the pointwise convolution", func() error {
		return check(func(m, n, k, f int) (int64, int64) {
			std, _ := solution(m, n, k, f)
			return std, int64(k*k*m) * int64(f*f)
		})
	})
}
