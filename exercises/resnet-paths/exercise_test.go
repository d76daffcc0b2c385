package resnetpaths_test

import (
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/resnet-paths"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed builds the stack with nn (one-channel 1×1 convolutions) and
// reads the path polynomial from nn.Analyze.
func analyzed(n, w int) ([]*big.Int, error) {
	seq := nn.Seq("stack")
	for b := range n {
		branch := nn.Seq("branch")
		for i := range w {
			branch.Append(nn.NewConv2D(fmt.Sprint(i), 1, 1, 1))
		}
		seq.Append(nn.NewResidual(fmt.Sprint(b), branch, nil, nil))
	}
	rep, err := nn.Analyze(seq, nn.Shape{1, 1, 1})
	if err != nil {
		return nil, err
	}
	return rep.Paths, nil
}

func check(f func(n, w int) []int64) error {
	var cases [][2]int
	for n := 0; n <= 8; n++ {
		for w := 1; w <= 3; w++ {
			cases = append(cases, [2]int{n, w})
		}
	}
	cases = append(cases, [2]int{54, 2}, [2]int{60, 1}, [2]int{33, 3})
	for _, c := range cases {
		n, w := c[0], c[1]
		want, err := analyzed(n, w)
		if err != nil {
			return err
		}
		got := f(n, w)
		if len(got) != n*w+1 {
			return fmt.Errorf("PathLengths(%d, %d): got %d entries, want %d (lengths 0 … n·w)", n, w, len(got), n*w+1)
		}
		for i, g := range got {
			wi := new(big.Int)
			if i < len(want) {
				wi = want[i]
			}
			if !wi.IsInt64() || g != wi.Int64() {
				return fmt.Errorf("PathLengths(%d, %d)[%d]: got %d paths of length %d, want %s", n, w, i, g, i, wi)
			}
		}
		// The notes: n blocks give 2^n paths.
		var sum int64
		for _, g := range got {
			sum += g
		}
		if sum != 1<<n {
			return fmt.Errorf("PathLengths(%d, %d): got %d paths in all, want 2^%d", n, w, sum, n)
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "PathLengths", func() error { return check(ex.PathLengths) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "lengths counted in blocks, not layers", func() error {
		return check(func(n, w int) []int64 {
			out := make([]int64, n*w+1)
			copy(out, solution(n, 1))
			return out
		})
	})
	verify.Rejects(t, "one path per length", func() error {
		return check(func(n, w int) []int64 {
			out := make([]int64, n*w+1)
			for k := 0; k <= n; k++ {
				out[k*w] = 1
			}
			return out
		})
	})
	if got := solution(54, 2); slices.Max(got) != got[54] {
		t.Errorf("ResNet-110: the commonest length is %d layers, want 54 (half of the 108)", slices.Index(got, slices.Max(got)))
	}
}
