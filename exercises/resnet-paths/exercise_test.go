package resnetpaths_test

import (
	"fmt"
	"math/big"
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
				why := ""
				switch {
				case w > 1 && i <= n && i%w != 0 && g != 0:
					why = ": this is lengths counted in blocks: a path through k branches has k·w layers"
				case g == 1 && n > 1:
					why = ": this is one path per length: k branches can be chosen among n blocks in C(n, k) ways"
				}
				return fmt.Errorf("PathLengths(%d, %d)[%d]: got %d paths of length %d, want %s%s", n, w, i, g, i, wi, why)
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

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(n, w int) []int64]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(n, w int) []int64]{Func: "PathLengths", Yours: ex.PathLengths, Check: check, Ref: ref})
}
