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
			biases := int64(4096 + 4096 + 1000)
			for b, block := range c.cfg.Blocks {
				biases += int64(len(block) * ex.Widths[b])
			}
			why := verify.Teach(got,
				verify.Known{Answer: want - biases, Says: "this is the count without biases: every convolution and fully connected layer has one per output"},
				verify.Known{Answer: want - 4096*512*48, Says: "this is fc6 reading 512 values: it reads the whole 7×7×512 map, 25,088 values"})
			return fmt.Errorf("configuration %s: got %s parameters, want %s%s", c.cfg.Name, nn.Comma(got), nn.Comma(want), why)
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

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func([5][]int) int64]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func([5][]int) int64]{Func: "Params", Yours: ex.Params, Check: check, Ref: ref})
}
