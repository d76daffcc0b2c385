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
