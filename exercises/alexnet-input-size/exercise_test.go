package alexnetinputsize_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/alexnet"
	ex "github.com/cnnbook/cnnbook/exercises/alexnet-input-size"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// roundedUp is the sides that fit when every layer rounds up (the
// typical mistake, for the message).
func roundedUp(lo, hi int) []int {
	var fit []int
	for side := lo; side <= hi; side++ {
		x := side
		for _, w := range [][2]int{{11, 4}, {3, 2}, {3, 2}, {3, 2}} {
			if x < w[0] {
				x = 0
				break
			}
			x = (x-w[0]+w[1]-1)/w[1] + 1
		}
		if x == 6 {
			fit = append(fit, side)
		}
	}
	return fit
}

// check compares f with alexnet.Sides, which runs nn.Analyze on the
// chapter's two-tower AlexNet at every side (a side fits when the
// analysis succeeds, and is exact when it adds no tiling note).
func check(f func(lo, hi int) ([]int, []int)) error {
	for _, r := range [][2]int{{1, 300}, {224, 224}, {227, 227}, {200, 260}, {300, 400}} {
		wantFit, wantExact := alexnet.Sides(r[0], r[1])
		fit, exact := f(r[0], r[1])
		if !slices.Equal(fit, wantFit) {
			why := ""
			if slices.Equal(fit, []int{224}) {
				why = ": this is the paper's 224 taken at its word: follow the side through conv1 and the three pools instead"
			} else if slices.Equal(fit, roundedUp(r[0], r[1])) {
				why = ": this is what rounding up gives: a window that does not fit is dropped, so out = ⌊(in − k)/s⌋ + 1"
			}
			return fmt.Errorf("InputSides(%d, %d): fit: got %v, want %v%s", r[0], r[1], fit, wantFit, why)
		}
		if !slices.Equal(exact, wantExact) {
			return fmt.Errorf("InputSides(%d, %d): exact: got %v, want %v", r[0], r[1], exact, wantExact)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(lo, hi int) ([]int, []int)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(lo, hi int) ([]int, []int)]{Func: "InputSides", Yours: ex.InputSides, Check: check, Ref: ref})
}
