package alexnetinputsize_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/alexnet"
	ex "github.com/cnnbook/cnnbook/exercises/alexnet-input-size"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// check compares f with alexnet.Sides, which runs nn.Analyze on the
// chapter's two-tower AlexNet at every side (a side fits when the
// analysis succeeds, and is exact when it adds no tiling note).
func check(f func(lo, hi int) ([]int, []int)) error {
	for _, r := range [][2]int{{1, 300}, {224, 224}, {227, 227}, {200, 260}, {300, 400}} {
		wantFit, wantExact := alexnet.Sides(r[0], r[1])
		fit, exact := f(r[0], r[1])
		if !slices.Equal(fit, wantFit) {
			return fmt.Errorf("InputSides(%d, %d): fit: got %v, want %v", r[0], r[1], fit, wantFit)
		}
		if !slices.Equal(exact, wantExact) {
			return fmt.Errorf("InputSides(%d, %d): exact: got %v, want %v", r[0], r[1], exact, wantExact)
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "InputSides", func() error { return check(ex.InputSides) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "taking the paper's 224 at its word", func() error {
		return check(func(lo, hi int) ([]int, []int) {
			if lo <= 224 && 224 <= hi {
				return []int{224}, []int{224}
			}
			return nil, nil
		})
	})
	verify.Rejects(t, "rounding up", func() error {
		return check(func(lo, hi int) (fit, exact []int) {
			for s := lo; s <= hi; s++ {
				x := (s - 11 + 3) / 4
				for range 3 {
					x = (x - 3 + 1) / 2
				}
				if s >= 11 && x+1 == 6 {
					fit = append(fit, s)
				}
			}
			_, exact = solution(lo, hi)
			return fit, exact
		})
	})
}
