package im2col_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/im2col"
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

// matmul is a (m×n) times b (n×q).
func matmul(a, b []float32, m, n, q int) []float32 {
	y := make([]float32, m*q)
	for i := range m {
		for t := range n {
			for j := range q {
				y[i*q+j] += a[i*n+t] * b[t*q+j]
			}
		}
	}
	return y
}

// check multiplies random weights with the reader's matrix and compares
// with nn's convolution of the same input: the unrolling is right when
// every product is (for enough random weights, the matrix must be).
func check(f func(x []float32, c, h, w, k, s, p int) []float32) error {
	rng := rand.New(rand.NewPCG(2006, 3)) // Chellapilla et al. 2006
	// VGG's 3×3 pad 1, AlexNet's 11×11 stride 4, and odd ones.
	for _, g := range [][6]int{{1, 4, 4, 3, 1, 1}, {3, 8, 8, 3, 1, 1}, {2, 5, 7, 3, 2, 1}, {3, 19, 19, 11, 4, 0}, {2, 6, 5, 2, 1, 0}, {1, 3, 3, 3, 1, 2}, {4, 9, 6, 5, 3, 2}} {
		c, h, w, k, s, p := g[0], g[1], g[2], g[3], g[4], g[5]
		out := 3
		x := random(rng, c*h*w)
		conv := nn.NewConv2D("conv", c, out, k, nn.Stride(s), nn.Pad(p), nn.NoBias())
		nn.InitParams(conv, rng)
		y, err := nn.Run(conv, nil, nn.FromData(slices.Clone(x), 1, c, h, w))
		if err != nil {
			return err
		}
		oh, ow := y.Shape[2], y.Shape[3]
		orig := slices.Clone(x)
		m := f(x, c, h, w, k, s, p)
		name := fmt.Sprintf("Im2col(c=%d, h=%d, w=%d, k=%d, s=%d, p=%d)", c, h, w, k, s, p)
		if m == nil {
			return errors.New(name + " returned nil")
		}
		if !slices.Equal(x, orig) {
			return errors.New(name + " modified x")
		}
		if len(m) != c*k*k*oh*ow {
			return fmt.Errorf("%s: got %d values, want %d·%d·%d rows × %d·%d columns = %d", name, len(m), c, k, k, oh, ow, c*k*k*oh*ow)
		}
		got := matmul(conv.Weight.Data, m, out, c*k*k, oh*ow)
		for i := range got {
			if d := math.Abs(float64(got[i] - y.Data[i])); d > 1e-4*(1+math.Abs(float64(y.Data[i]))) {
				why := ""
				switch {
				case p > 0 && slices.Equal(m, unrolled(x, c, h, w, k, s, p, 0, false)):
					why = ": this is the window not shifted by the padding: window (i, j) starts at pixel (i·s − p, j·s − p)"
				case slices.Equal(m, unrolled(x, c, h, w, k, s, p, p, true)):
					why = ": this is the transpose: one row per (channel, tap), one column per window"
				}
				return fmt.Errorf("%s: W·matrix gives output %d of window (%d, %d) = %g, the convolution %g%s", name, i/(oh*ow), i%(oh*ow)/ow, i%ow, got[i], y.Data[i], why)
			}
		}
	}
	return nil
}

// unrolled is the formula of the task with the window's offset and the
// layout as parameters: the typical mistakes, for the message.
func unrolled(x []float32, c, h, w, k, s, p, shift int, transposed bool) []float32 {
	oh, ow := (h+2*p-k)/s+1, (w+2*p-k)/s+1
	rows, cols := c*k*k, oh*ow
	m := make([]float32, rows*cols)
	for r := range rows {
		ch, u, v := r/(k*k), r/k%k, r%k
		for col := range cols {
			y, xx := col/ow*s-shift+u, col%ow*s-shift+v
			if y < 0 || y >= h || xx < 0 || xx >= w {
				continue
			}
			if transposed {
				m[col*rows+r] = x[(ch*h+y)*w+xx]
			} else {
				m[r*cols+col] = x[(ch*h+y)*w+xx]
			}
		}
	}
	return m
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(x []float32, c, h, w, k, s, p int) []float32]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(x []float32, c, h, w, k, s, p int) []float32]{Func: "Im2col", Yours: ex.Im2col, Check: check, Ref: ref})
}
