package maxunpool_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/max-unpool"
	"github.com/cnnbook/cnnbook/nn"
)

func check(f func(y []float32, switches []int, c, oh, ow, h, w int) []float32) error {
	rng := rand.New(rand.NewPCG(2014, 821)) // Zeiler & Fergus 2014, p. 821 (Fig. 1)
	// ZFNet's pools: 3×3 at stride 2 (overlapping: windows share maxima).
	for _, g := range [][3]int{{1, 7, 7}, {3, 13, 13}, {2, 9, 15}} {
		c, h, w := g[0], g[1], g[2]
		x := nn.NewTensor(1, c, h, w)
		for i := range x.Data {
			x.Data[i] = float32(rng.NormFloat64())
		}
		pool := nn.NewMaxPool2D("pool", 3, nn.Stride(2))
		y, err := nn.Run(pool, nil, x)
		if err != nil {
			return err
		}
		oh, ow := y.Shape[2], y.Shape[3]
		// What comes down the deconvnet is a reconstruction, not the
		// pooled values: random values with the pool's switches.
		r := nn.NewTensor(1, c, oh, ow)
		for i := range r.Data {
			r.Data[i] = float32(rng.NormFloat64())
		}
		want, err := nn.Run(nn.NewMaxUnpool2D("unpool", pool, h, w), nil, r)
		if err != nil {
			return err
		}
		sw := make([]int, len(pool.Switches))
		for i, s := range pool.Switches {
			sw[i] = int(s)
		}
		name := fmt.Sprintf("c=%d %d×%d pooled 3×3 stride 2 to %d×%d", c, h, w, oh, ow)
		orig := slices.Clone(r.Data)
		got := f(r.Data, slices.Clone(sw), c, oh, ow, h, w)
		if got == nil {
			return errors.New(name + ": MaxUnpool returned nil")
		}
		if !slices.Equal(r.Data, orig) {
			return errors.New(name + ": MaxUnpool modified y")
		}
		if len(got) != len(want.Data) {
			return fmt.Errorf("%s: got %d values, want c·h·w = %d", name, len(got), len(want.Data))
		}
		for i := range got {
			if got[i] != want.Data[i] {
				why := ""
				ch, at := i/(h*w), i%(h*w)
				switch {
				case c > 1 && ch == 0 && want.Data[i] == 0 && slices.Contains(sw[oh*ow:], at):
					why = ": this is the switch read as an index into the whole map: it counts within its channel, add ch·h·w"
				case want.Data[i] == 0 && !slices.Contains(sw[ch*oh*ow:(ch+1)*oh*ow], at):
					why = ": this is unpooling without the switches: each value goes back where its window's maximum was, nowhere else"
				case want.Data[i] != 0 && got[i] != 0:
					why = ": two windows share this maximum: write the value, do not add"
				}
				return fmt.Errorf("%s: output channel %d, row %d, column %d: got %g, want %g%s", name, ch, at/w, at%w, got[i], want.Data[i], why)
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(y []float32, switches []int, c, oh, ow, h, w int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(y []float32, switches []int, c, oh, ow, h, w int) []float32]{Func: "MaxUnpool", Yours: ex.MaxUnpool, Check: check, Ref: ref})
}
