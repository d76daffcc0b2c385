package vggparams_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/vgg"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/vgg-params"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed builds the configuration with the VGG chapter and counts with
// nn.Analyze (shapes only: nothing is allocated).
func analyzed(blocks [5][]int) (int64, error) {
	m := vgg.New("vgg", vgg.Config{Name: "exercise", Blocks: blocks}, vgg.Options{})
	rep, err := nn.Analyze(m.Net, m.Input)
	if err != nil {
		return 0, err
	}
	return rep.Params, nil
}

func check(f func([5][]int) int64) error {
	// Table 2, "Number of parameters (in millions)": A 133, B 133, C 134,
	// D 138, E 144.
	for _, c := range []struct {
		cfg      vgg.Config
		millions float64
	}{{vgg.A, 133}, {vgg.B, 133}, {vgg.C, 134}, {vgg.D, 138}, {vgg.E, 144}} {
		want, err := analyzed(c.cfg.Blocks)
		if err != nil {
			return err
		}
		got := f(c.cfg.Blocks)
		if got != want {
			return fmt.Errorf("configuration %s: got %s parameters, want %s", c.cfg.Name, nn.Comma(got), nn.Comma(want))
		}
		if math.Round(float64(got)/1e6) != c.millions {
			return fmt.Errorf("configuration %s: got %s parameters, want %g million (Simonyan & Zisserman 2015 Table 2)", c.cfg.Name, nn.Comma(got), c.millions)
		}
	}
	for _, blocks := range [][5][]int{
		{{3}, {3}, {3}, {3}, {3}},
		{{1}, {1}, {1}, {1}, {1}},
		{{3, 1, 3}, {1}, {3, 3, 3, 3, 3}, {3}, {1, 1}},
	} {
		want, err := analyzed(blocks)
		if err != nil {
			return err
		}
		if got := f(blocks); got != want {
			return fmt.Errorf("blocks %v: got %s parameters, want %s", blocks, nn.Comma(got), nn.Comma(want))
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "Params", func() error { return check(ex.Params) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "no biases", func() error {
		return check(func(blocks [5][]int) int64 {
			n := solution(blocks) - 4096 - 4096 - 1000
			for b, block := range blocks {
				n -= int64(len(block) * ex.Widths[b])
			}
			return n
		})
	})
	verify.Rejects(t, "fc6 reading 512 values (after a global pool)", func() error {
		return check(func(blocks [5][]int) int64 { return solution(blocks) - 4096*512*48 })
	})
}
