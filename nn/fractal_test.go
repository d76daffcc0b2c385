package nn

import (
	"fmt"
	"math"
	"testing"
)

// fractalConv is a unit for the tests: 3×3 conv (pad 1) + tanh, smooth so
// that the gradient check needs no kink-free input.
func fractalConv(name string, in, out int) Module {
	return Seq(name, NewConv2D("conv", in, out, 3, Pad(1)), NewTanh("tanh"))
}

// The expansion rule unrolled: column j holds 2^(j−1) units, the block
// 2^C − 1 of them on 2^(C−1) rows; the joins fall where Larsson et al.
// 2017 Fig. 1 draws them; the analysis finds P(C) = P(C−1)² + 1 paths
// (1, 2, 5, 26, 677) and a depth of 2^(C−1) convolutions.
func TestFractalExpansion(t *testing.T) {
	wantPaths := []int64{1, 2, 5, 26, 677}
	for c := 1; c <= 5; c++ {
		t.Run(fmt.Sprintf("C=%d", c), func(t *testing.T) {
			b := NewFractalBlock("block", c, 2, 4, fractalConv)
			units := 0
			for j, col := range b.Columns {
				if got, want := len(col.Layers), 1<<j; got != want {
					t.Errorf("column %d: got %d units, want 2^%d = %d", j+1, got, j, want)
				}
				units += len(col.Layers)
			}
			if want := 1<<c - 1; units != want {
				t.Errorf("units: got %d, want 2^C − 1 = %d", units, want)
			}
			r, err := Analyze(b, Shape{2, 8, 8})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.PathCount().Int64(); got != wantPaths[c-1] || got != FractalPaths(c) {
				t.Errorf("paths: got %d, want %d (FractalPaths %d)", got, wantPaths[c-1], FractalPaths(c))
			}
			if want := 1 << (c - 1); r.Depth != want {
				t.Errorf("depth: got %d, want 2^(C−1) = %d", r.Depth, want)
			}
			// Every path passes 1 … 2^(C−1) convolutions: the shallowest is
			// column 1's single conv.
			lengths := r.Paths.Lengths()
			if _, ok := lengths[1]; !ok {
				t.Errorf("no path of length 1 (column 1), lengths %v", lengths)
			}
		})
	}
	// C = 4: the joins after rows 2, 4, 6, 8 merge the deepest 2, 3, 2, 4
	// columns (Fig. 1, f_4); odd rows have none.
	b := NewFractalBlock("block", 4, 1, 1, fractalConv)
	var got []int
	for r := 0; r < b.Rows(); r++ {
		got = append(got, 4-b.Ending(r))
	}
	if want := []int{1, 2, 1, 3, 1, 2, 1, 4}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("columns ending per row: got %v, want %v", got, want)
	}
}

// Joins that coincide are one join: with scalar 1×1 convs as units, f_3
// computes out = (a·z + b₂·j + c₄c₃·j)/3 with j = (b₁·z + c₂c₁·z)/2 — the
// last join weights its three inputs ⅓ each (Fig. 1), not the ¼, ¼, ½ of
// two nested two-way means.
func TestFractalJoinWeights(t *testing.T) {
	lin := func(name string, in, out int) Module { return NewConv2D(name, in, out, 1, NoBias()) }
	b := NewFractalBlock("f3", 3, 1, 1, lin)
	w := func(j, i int) float64 {
		return float64(b.Columns[j-1].Layers[i].(*Conv2D).Weight.Data[0])
	}
	vals := map[string]float32{"column1.0": 2, "column2.0": 3, "column2.1": 5, "column3.0": 7, "column3.1": 11, "column3.2": 13, "column3.3": 17}
	for _, p := range AllParams(b) {
		p.Alloc()
		p.Data[0] = vals[p.Key[:len(p.Key)-len(".weight")]]
	}
	x := FromData([]float32{1}, 1, 1, 1, 1)
	y := float64(b.Forward(Eval, x).Data[0])
	a, b1, b2 := w(1, 0), w(2, 0), w(2, 1)
	c1, c2, c3, c4 := w(3, 0), w(3, 1), w(3, 2), w(3, 3)
	j := (b1 + c2*c1) / 2
	want := (a + b2*j + c4*c3*j) / 3
	nested := ((b2*j+c4*c3*j)/2 + a) / 2
	if math.Abs(y-want) > 1e-4*math.Abs(want) {
		t.Errorf("f_3(1): got %g, want %g (one three-way mean); two nested means would give %g", y, want, nested)
	}
}

// In a global pass only the chosen column runs, so the block is that
// column alone: a plain chain of its units.
func TestFractalGlobalDropPath(t *testing.T) {
	b := NewFractalBlock("block", 3, 2, 3, fractalConv)
	initParams(b, 1)
	b.Drop = NewDropPath(0.15, 1)
	x := randInput(2, 2, 2, 5, 5)
	for col := 1; col <= 3; col++ {
		b.Drop.SetGlobal(col)
		y := b.Forward(&Ctx{Train: true, Rng: NewRNG(3)}, x)
		want := b.Columns[col-1].Forward(Eval, x)
		for i := range y.Data {
			if y.Data[i] != want.Data[i] {
				t.Fatalf("column %d: y[%d] got %g, want the column alone %g", col, i, y.Data[i], want.Data[i])
			}
		}
		ran := 0
		for _, r := range b.rows {
			ran += len(r.units)
		}
		if want := 1 << (col - 1); ran != want {
			t.Errorf("column %d: %d units ran, want its %d", col, ran, want)
		}
	}
}

// In a local pass each join input survives with probability 1 − p and at
// least one survives; the join averages the survivors. Eval runs all.
func TestFractalLocalDropPath(t *testing.T) {
	b := NewFractalBlock("block", 2, 1, 1, fractalConv)
	initParams(b, 4)
	b.Drop = NewDropPath(0.5, 0)
	x := randInput(5, 1, 1, 3, 3)
	rng := NewRNG(6)
	colY := []*Tensor{b.Columns[0].Forward(Eval, x), b.Columns[1].Forward(Eval, x)}
	kept := [2]int{}
	const trials = 4000
	for i := 0; i < trials; i++ {
		y := b.Forward(&Ctx{Train: true, Rng: rng}, x)
		last := b.rows[len(b.rows)-1]
		if len(last.units) == 0 {
			t.Fatal("every input of the join dropped, want at least one kept")
		}
		want := NewTensor(x.Shape...)
		for _, u := range last.units {
			kept[u.col]++
			for k, v := range colY[u.col].Data {
				want.Data[k] += v / float32(len(last.units))
			}
		}
		for k := range y.Data {
			if math.Abs(float64(y.Data[k]-want.Data[k])) > 1e-6 {
				t.Fatalf("trial %d: y[%d] got %g, want the mean of the kept columns %g", i, k, y.Data[k], want.Data[k])
			}
		}
	}
	// P(kept) = 0.5 + P(both dropped)·½ = 0.625.
	for c, n := range kept {
		if got := float64(n) / trials; math.Abs(got-0.625) > 0.03 {
			t.Errorf("column %d kept in %.3f of passes, want 0.625 ± 0.03 (0.5 + 0.5²/2)", c+1, got)
		}
	}
	b.Forward(Eval, x)
	if n := len(b.rows[len(b.rows)-1].units); n != 2 {
		t.Errorf("eval: the last join averaged %d columns, want 2", n)
	}
}

// Backward against central differences, in eval, in a local pass (same
// seeded draws each evaluation) and in each global pass.
func TestFractalGrad(t *testing.T) {
	x := randInput(8, 2, 2, 4, 4)
	t.Run("eval", func(t *testing.T) {
		b := NewFractalBlock("block", 3, 2, 2, fractalConv)
		initParams(b, 9)
		scaleParams(b, 0.3)
		checkGrad(t, b, x, false)
	})
	t.Run("local", func(t *testing.T) {
		b := NewFractalBlock("block", 3, 2, 2, fractalConv)
		initParams(b, 10)
		scaleParams(b, 0.3)
		b.Drop = NewDropPath(0.4, 0)
		checkGrad(t, b, x, true)
	})
	for col := 1; col <= 3; col++ {
		t.Run(fmt.Sprintf("global column %d", col), func(t *testing.T) {
			b := NewFractalBlock("block", 3, 2, 2, fractalConv)
			initParams(b, 11)
			scaleParams(b, 0.3)
			b.Drop = NewDropPath(0, 1)
			b.Drop.SetGlobal(col)
			checkGrad(t, b, x, true)
		})
	}
}

// scaleParams multiplies every tensor of m by s (keeps tanh units out of
// saturation so the finite differences see a gradient).
func scaleParams(m Module, s float32) {
	for _, p := range AllParams(m) {
		for i := range p.Data {
			p.Data[i] *= s
		}
	}
}

// The scope draws one mode per training pass: global with probability
// Global (then a column uniformly), local otherwise.
func TestDropPathScope(t *testing.T) {
	d := NewDropPath(0.15, 0.5)
	b := NewFractalBlock("block", 3, 1, 1, fractalConv)
	b.Drop = d
	initParams(b, 12)
	s := NewDropPathScope("net", b, d, 3)
	x := randInput(13, 1, 1, 3, 3)
	rng := NewRNG(14)
	counts := make([]int, 4) // local, column 1, 2, 3
	const trials = 3000
	for i := 0; i < trials; i++ {
		s.Forward(&Ctx{Train: true, Rng: rng}, x)
		counts[d.Column()]++
	}
	if got := float64(counts[0]) / trials; math.Abs(got-0.5) > 0.03 {
		t.Errorf("local passes: got %.3f, want 0.5 ± 0.03", got)
	}
	for c := 1; c <= 3; c++ {
		if got := float64(counts[c]) / trials; math.Abs(got-0.5/3) > 0.03 {
			t.Errorf("global passes on column %d: got %.3f, want 1/6 ± 0.03", c, got)
		}
	}
	if keys := len(AllParams(s)); keys != len(AllParams(b)) {
		t.Errorf("the scope changed the keys: %d tensors, want %d", keys, len(AllParams(b)))
	}
}

// The scope's Backward is its body's, in a local and in a global pass
// (the mode is drawn from the re-seeded Rng, so it repeats each evaluation).
func TestDropPathScopeGrad(t *testing.T) {
	x := randInput(15, 2, 2, 4, 4)
	for _, tc := range []struct {
		name   string
		global float64
	}{{"local", 0}, {"global", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDropPath(0.3, tc.global)
			b := NewFractalBlock("block", 3, 2, 2, fractalConv)
			b.Drop = d
			initParams(b, 16)
			scaleParams(b, 0.3)
			s := NewDropPathScope("net", b, d, 3)
			checkGrad(t, s, x, true)
			if tc.global == 1 && d.Column() == 0 {
				t.Errorf("global probability 1 gave a local pass")
			}
		})
	}
}
