package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestPlanMaxPool: an inference plan's 3×3 max-pool (maxPoolInfOp) gives
// exactly MaxPool2D.Forward's output, NaN where the window holds one, on
// odd and even sizes, strides 1 and 2, padding 0 and 1, ceil mode, at one
// and two cores (the planes split).
func TestPlanMaxPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, c := range []struct {
		h, w int
		opts []Opt
	}{
		{9, 8, []Opt{Stride(2), Pad(1)}},
		{112, 112, []Opt{Stride(2), Pad(1)}},
		{13, 13, []Opt{Stride(2)}},
		{14, 15, []Opt{Stride(2), CeilMode()}},
		{7, 6, []Opt{Stride(1), Pad(1)}},
		{3, 3, []Opt{Stride(2), CeilMode()}},
	} {
		pool := NewMaxPool2D("pool", 3, c.opts...)
		x := randTensor(rng, 3, 4, c.h, c.w)
		x.Data[5] = float32(math.NaN())
		x.Data[len(x.Data)-1] = float32(math.NaN())
		want := pool.Forward(Eval, x)
		for _, procs := range []int{1, 2} {
			old, oldGrain := runtime.GOMAXPROCS(procs), poolGrain
			if procs > 1 {
				poolGrain = 1 // split even these small maps
			}
			p, err := NewPlan(pool, Shape{4, c.h, c.w}, 3, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := p.ops[0].(*maxPoolInfOp); !ok {
				t.Fatalf("%d×%d: the plan's op is %T, not maxPoolInfOp", c.h, c.w, p.ops[0])
			}
			got := p.Forward(x)
			runtime.GOMAXPROCS(old)
			poolGrain = oldGrain
			for i, v := range want.Data {
				if g := got.Data[i]; math.Float32bits(g) != math.Float32bits(v) && !(g != g && v != v) {
					t.Fatalf("%d×%d %s procs %d: y[%d] = %g, Forward gives %g", c.h, c.w, fmt.Sprint(pool.Window2D), procs, i, g, v)
				}
			}
		}
	}
}

// TestMaxPool2x2: the 2×2 stride-2 fast path gives the general loop's
// outputs and switches bit for bit: ties (the first maximum wins), NaNs
// (the last wins), −∞, and odd sizes whose last row and column no window
// reads.
func TestMaxPool2x2(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	win := Window2D{KH: 2, KW: 2, SH: 2, SW: 2, DH: 1, DW: 1}
	for _, hw := range [][2]int{{2, 2}, {8, 8}, {28, 28}, {7, 9}, {40, 40}, {35, 34}} {
		h, w := hw[0], hw[1]
		oh, ow := h/2, w/2
		const planes = 5
		x := make([]float32, planes*h*w)
		for i := range x {
			x[i] = float32(rng.IntN(5)) // many ties
			switch rng.IntN(12) {
			case 0:
				x[i] = float32(math.NaN())
			case 1:
				x[i] = float32(math.Inf(-1))
			}
		}
		y1, y2 := make([]float32, planes*oh*ow), make([]float32, planes*oh*ow)
		s1, s2 := make([]int32, len(y1)), make([]int32, len(y1))
		maxPool2x2(x, y1, s1, h, w, oh, ow, 0, planes)
		maxPoolGeneric(win, x, y2, s2, h, w, oh, ow, 0, planes)
		for i := range y1 {
			if math.Float32bits(y1[i]) != math.Float32bits(y2[i]) || s1[i] != s2[i] {
				t.Fatalf("%d×%d: output %d: fast %g at %d, general %g at %d", h, w, i, y1[i], s1[i], y2[i], s2[i])
			}
		}
	}
}
