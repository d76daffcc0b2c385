package densenetchannels_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/variants"
	ex "github.com/cnnbook/cnnbook/exercises/densenet-channels"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// analyzed reads the channels from variants.ChannelPlan, which follows
// the built network through nn.Analyze.
func analyzed(cfg variants.DenseConfig) ([]int, error) {
	plan, err := variants.ChannelPlan(cfg)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, r := range plan {
		if r.Layers > 0 { // a dense block
			out = append(out, r.In)
		}
	}
	return append(out, plan[len(plan)-1].Out), nil
}

// nearest is the plan with θ·m rounded to the nearest (a typical
// mistake, for the message).
func nearest(cfg variants.DenseConfig) []int {
	var out []int
	m := cfg.InitFeatures
	for b, n := range cfg.Blocks {
		out = append(out, m)
		m += n * cfg.Growth
		if b < len(cfg.Blocks)-1 {
			m = int(float64(m)*cfg.Compression + 0.5)
		}
	}
	return append(out, m)
}

func check(f func(init, growth int, blocks []int, theta float64) []int) error {
	cfgs := []variants.DenseConfig{variants.DenseNet121, variants.DenseNet169, variants.DenseNet201, variants.DenseNetBC100}
	for i, c := range []struct {
		growth, init int
		blocks       []int
		theta        float64
	}{
		{12, 16, []int{4, 4, 4}, 1},      // DenseNet without compression
		{5, 7, []int{3, 1, 2}, 0.5},      // small counts
		{6, 10, []int{2, 3, 4, 1}, 0.75}, // another θ
		{4, 9, []int{5}, 0.5},            // one block, no transition
	} {
		cfgs = append(cfgs, variants.DenseConfig{Name: fmt.Sprintf("custom%d", i), Growth: c.growth, Blocks: c.blocks,
			InitFeatures: c.init, BNSize: 4, Compression: c.theta, Classes: 10})
	}
	for _, cfg := range cfgs {
		want, err := analyzed(cfg)
		if err != nil {
			return err
		}
		if got := f(cfg.InitFeatures, cfg.Growth, slices.Clone(cfg.Blocks), cfg.Compression); !slices.Equal(got, want) {
			why := ""
			n := len(got)
			switch {
			case n == len(want) && slices.Equal(got[:n-1], want[:n-1]) && got[n-1] == int(float64(want[n-1])*cfg.Compression):
				why = ": this is a transition after the last block: the classifier reads the last block's channels as they are"
			case n == len(want) && cfg.Compression != 1 && slices.Equal(got, nearest(cfg)):
				why = ": this is rounding θ·m to the nearest: a transition keeps ⌊θ·m⌋ (int() truncates)"
			}
			return fmt.Errorf("%s (init %d, growth %d, blocks %v, θ %g): got %v, want %v%s", cfg.Name, cfg.InitFeatures, cfg.Growth, cfg.Blocks, cfg.Compression, got, want, why)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(init, growth int, blocks []int, theta float64) []int]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(init, growth int, blocks []int, theta float64) []int]{Func: "Channels", Yours: ex.Channels, Check: check, Ref: ref})
}
