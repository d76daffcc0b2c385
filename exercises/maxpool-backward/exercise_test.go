package maxpoolbackward_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/maxpool-backward"
	"github.com/cnnbook/cnnbook/nn"
)

func random(rng *rand.Rand, n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.NormFloat64())
	}
	return d
}

func check(f func(x, dy []float32, c, h, w, k, s int) ([]int, []float32)) error {
	rng := rand.New(rand.NewPCG(2014, 818)) // Zeiler & Fergus, ECCV 2014, p. 818
	// ZFNet's 3×3 stride 2 (overlapping), 2×2 stride 2, odd sizes, a
	// channel of ties (all equal: the first wins).
	for _, g := range [][5]int{{1, 7, 7, 3, 2}, {2, 8, 6, 2, 2}, {3, 13, 13, 3, 2}, {2, 9, 11, 3, 1}, {1, 5, 5, 5, 1}, {1, 4, 4, 2, 2}} {
		c, h, w, k, s := g[0], g[1], g[2], g[3], g[4]
		x := random(rng, c*h*w)
		if h == 4 {
			clear(x) // ties everywhere
		}
		pool := nn.NewMaxPool2D("pool", k, nn.Stride(s))
		y, err := nn.Run(pool, &nn.Ctx{Train: true}, nn.FromData(slices.Clone(x), 1, c, h, w))
		if err != nil {
			return err
		}
		dy := random(rng, len(y.Data))
		wantDx := pool.Backward(nn.FromData(slices.Clone(dy), y.Shape...)).Data
		name := fmt.Sprintf("c=%d %d×%d, %d×%d stride %d", c, h, w, k, k, s)
		orig := slices.Clone(x)
		sw, dx := f(x, dy, c, h, w, k, s)
		if sw == nil || dx == nil {
			return errors.New(name + ": MaxPool returned nil")
		}
		if !slices.Equal(x, orig) {
			return errors.New(name + ": MaxPool modified x")
		}
		if len(sw) != len(y.Data) || len(dx) != len(x) {
			return fmt.Errorf("%s: got %d switches and %d gradients, want %d (c·oh·ow) and %d (c·h·w)", name, len(sw), len(dx), len(y.Data), len(x))
		}
		for i, want := range pool.Switches {
			if sw[i] != int(want) {
				why := ""
				if h == 4 {
					why = ": on a tie the first maximum in row-major order wins"
				}
				return fmt.Errorf("%s: switch of window %d: got %d, want %d (row %d, column %d of its channel)%s", name, i, sw[i], want, int(want)/w, int(want)%w, why)
			}
		}
		for i := range wantDx {
			if math.Abs(float64(dx[i]-wantDx[i])) > 1e-5 {
				why := ""
				if dx[i] != 0 && wantDx[i] == 0 {
					why = ": this is average pooling's backward: only the maximum of a window changed its output, so only it gets gradient"
				} else {
					var shared int
					per := len(sw) / c
					for _, t := range sw[i/(h*w)*per : (i/(h*w)+1)*per] {
						if t == i%(h*w) {
							shared++
						}
					}
					if shared > 1 {
						why = fmt.Sprintf(": this is dx assigned, not added: %d overlapping windows chose this pixel, their gradients add", shared)
					}
				}
				return fmt.Errorf("%s: dx[%d] (channel %d, row %d, column %d): got %g, want %g%s", name, i, i/(h*w), i%(h*w)/w, i%w, dx[i], wantDx[i], why)
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, dy []float32, c, h, w, k, s int) ([]int, []float32)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, dy []float32, c, h, w, k, s int) ([]int, []float32)]{Func: "MaxPool", Yours: ex.MaxPool, Check: check, Ref: ref})
}
