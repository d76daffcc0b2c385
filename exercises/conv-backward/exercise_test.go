package convbackward_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/conv-backward"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

func random(rng *rand.Rand, n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.NormFloat64())
	}
	return d
}

// nnBackward is nn.Conv2D's backward pass (im2col + GEMM) at x, w, dy.
func nnBackward(x, w, dy []float32, c, h, wd, o, k int) (dx, dw []float32, err error) {
	conv := nn.NewConv2D("conv", c, o, k, nn.NoBias())
	conv.Weight.Data = slices.Clone(w)
	if _, err := nn.Run(conv, &nn.Ctx{Train: true}, nn.FromData(slices.Clone(x), 1, c, h, wd)); err != nil {
		return nil, nil, err
	}
	d := conv.Backward(nn.FromData(slices.Clone(dy), 1, o, h-k+1, wd-k+1))
	return d.Data, conv.Weight.Grad, nil
}

// loss is L = Σ dy·y with y computed by nn's forward pass, in float64.
func loss(x, w, dy []float32, c, h, wd, o, k int) float64 {
	conv := nn.NewConv2D("conv", c, o, k, nn.NoBias())
	conv.Weight.Data = slices.Clone(w)
	y := nn.Conv2DReference(conv, nn.FromData(slices.Clone(x), 1, c, h, wd), conv.Weight.Data, nil)
	var l float64
	for i := range y.Data {
		l += float64(dy[i]) * float64(y.Data[i])
	}
	return l
}

// near compares with a tolerance for float32 sums in another order.
func near(got, want float32) bool {
	return math.Abs(float64(got-want)) <= 1e-3*(1+math.Abs(float64(want)))
}

func check(f func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32)) error {
	rng := rand.New(rand.NewPCG(1989, 541)) // LeCun et al., Neural Computation 1989, p. 541
	// LeNet's C1 (1→6, 5×5 on 32×32) and smaller odd shapes.
	for _, g := range [][5]int{{1, 5, 5, 1, 3}, {1, 32, 32, 6, 5}, {2, 6, 7, 3, 3}, {3, 5, 4, 2, 2}, {2, 4, 4, 2, 1}} {
		c, h, wd, o, k := g[0], g[1], g[2], g[3], g[4]
		oh, ow := h-k+1, wd-k+1
		x, w, dy := random(rng, c*h*wd), random(rng, o*c*k*k), random(rng, o*oh*ow)
		orig := [][]float32{slices.Clone(x), slices.Clone(w), slices.Clone(dy)}
		name := fmt.Sprintf("c=%d %d×%d, %d maps, %d×%d", c, h, wd, o, k, k)
		dx, dw := f(x, w, dy, c, h, wd, o, k)
		if dx == nil || dw == nil {
			return errors.New(name + ": ConvBackward returned nil")
		}
		if !slices.Equal(x, orig[0]) || !slices.Equal(w, orig[1]) || !slices.Equal(dy, orig[2]) {
			return errors.New(name + ": ConvBackward modified its arguments")
		}
		if len(dx) != len(x) || len(dw) != len(w) {
			return fmt.Errorf("%s: got %d and %d values, want dx like x (%d) and dw like w (%d)", name, len(dx), len(dw), len(x), len(w))
		}
		// Finite differences: L is linear in x and in w, so a central
		// difference is exact but for rounding; a few entries of each.
		const eps = 1e-2
		for _, t := range []struct {
			what string
			v    []float32
			grad []float32
		}{{"dx", x, dx}, {"dw", w, dw}} {
			for range 4 {
				i := rng.IntN(len(t.v))
				old := t.v[i]
				t.v[i] = old + eps
				lp := loss(x, w, dy, c, h, wd, o, k)
				t.v[i] = old - eps
				lm := loss(x, w, dy, c, h, wd, o, k)
				t.v[i] = old
				fd := float32((lp - lm) / (2 * eps))
				if !near(t.grad[i], fd) {
					return fmt.Errorf("%s: %s[%d]: got %g, finite differences (L(+ε) − L(−ε))/2ε give %g%s", name, t.what, i, t.grad[i], fd, teach(dx, dw, x, w, dy, c, h, wd, o, k))
				}
			}
		}
		wantDx, wantDw, err := nnBackward(x, w, dy, c, h, wd, o, k)
		if err != nil {
			return err
		}
		for _, t := range []struct {
			what      string
			got, want []float32
		}{{"dx", dx, wantDx}, {"dw", dw, wantDw}} {
			for i := range t.want {
				if !near(t.got[i], t.want[i]) {
					return fmt.Errorf("%s: %s[%d]: got %g, nn.Conv2D.Backward gives %g%s", name, t.what, i, t.got[i], t.want[i], teach(dx, dw, x, w, dy, c, h, wd, o, k))
				}
			}
		}
	}
	return nil
}

// teach names a typical mistake when the reader's gradients are what it
// gives: dx through the kernel turned by 180° (right for a "full"
// convolution of dy, wrong in the loop over the forward's terms), or dw
// of the first output position only.
func teach(dx, dw, x, w, dy []float32, c, h, wd, o, k int) string {
	oh, ow := h-k+1, wd-k+1
	flipped := make([]float32, len(x))
	first := make([]float32, len(w))
	for oc := range o {
		for ch := range c {
			for u := range k {
				for v := range k {
					wf := w[((oc*c+ch)*k+k-1-u)*k+k-1-v]
					for i := range oh {
						for j := range ow {
							flipped[(ch*h+i+u)*wd+j+v] += dy[(oc*oh+i)*ow+j] * wf
						}
					}
					first[((oc*c+ch)*k+u)*k+v] = dy[oc*oh*ow] * x[(ch*h+u)*wd+v]
				}
			}
		}
	}
	all := func(a, b []float32) bool {
		for i := range a {
			if !near(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	switch {
	case k > 1 && all(dx, flipped):
		return ": this is dx through the kernel turned by 180°: summing the forward's terms, w[o][ch][u][v] meets x[ch][i+u][j+v] as it is (the 180° turn is for writing dx as a full convolution of dy)"
	case oh*ow > 1 && all(dw, first):
		return ": this is dw of one output position: the kernel is shared, so dw sums over every output position"
	}
	return ""
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x, w, dy []float32, c, h, wd, o, k int) ([]float32, []float32)]{Func: "ConvBackward", Yours: ex.ConvBackward, Check: check, Ref: ref})
}
