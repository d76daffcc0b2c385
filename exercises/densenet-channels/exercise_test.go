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
			return fmt.Errorf("%s (init %d, growth %d, blocks %v, θ %g): got %v, want %v", cfg.Name, cfg.InitFeatures, cfg.Growth, cfg.Blocks, cfg.Compression, got, want)
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "Channels", func() error { return check(ex.Channels) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "a transition after the last block too", func() error {
		return check(func(init, growth int, blocks []int, theta float64) []int {
			out := solution(init, growth, blocks, theta)
			out[len(out)-1] = int(float64(out[len(out)-1]) * theta)
			return out
		})
	})
	verify.Rejects(t, "rounding θ·m to nearest", func() error {
		return check(func(init, growth int, blocks []int, theta float64) []int {
			var out []int
			m := init
			for b, n := range blocks {
				out = append(out, m)
				m += n * growth
				if b < len(blocks)-1 {
					m = int(float64(m)*theta + 0.5)
				}
			}
			return append(out, m)
		})
	})
}
