package nn

import (
	"math"
	"testing"
)

// shapeKeepingBranches are three branches that keep a C×H×W shape and
// need no convolution: BatchNorm, a 3×3/1 average pool, LRN (+ dropout,
// so that training is random).
func shapeKeepingBranches(c int) []Module {
	bn := NewBatchNorm2D("bn", c)
	lrn := NewLocalResponseNorm("lrn", 3, 1, 0.75, 1)
	return []Module{
		bn,
		Seq("pool", NewAvgPool2D("0", 3, Stride(1), Pad(1)), NewTanh("1")),
		Seq("norm", lrn, NewDropout("drop", 0.3)),
	}
}

func newTestParallel(join JoinKind, c int) *Parallel {
	p := NewParallel("mixed", join, shapeKeepingBranches(c)...)
	initParams(p, 1)
	bn := p.Branches[0].(*BatchNorm2D)
	for i := range bn.RunningVar.Data {
		bn.RunningVar.Data[i] = 1 + float32(i)
	}
	return p
}

func TestParallelJoins(t *testing.T) {
	x := randInput(1, 2, 3, 4, 4)
	ys := make([]*Tensor, 3)
	p := newTestParallel(JoinConcat, 3)
	for i, b := range p.Branches {
		ys[i] = b.Forward(Eval, x).Clone()
	}
	for _, join := range []JoinKind{JoinConcat, JoinSum, JoinMean} {
		p.Join = join
		y := p.Forward(Eval, x)
		for n := 0; n < 2; n++ {
			for c := 0; c < 3; c++ {
				for k := 0; k < 16; k++ {
					at := func(t *Tensor, ch, chans int) float32 { return t.Data[(n*chans+ch)*16+k] }
					switch join {
					case JoinConcat:
						for b := range ys {
							if got, want := at(y, b*3+c, 9), at(ys[b], c, 3); got != want {
								t.Fatalf("concat: y[%d,%d] got %g, want branch %d channel %d = %g", n, b*3+c, got, b, c, want)
							}
						}
					case JoinSum, JoinMean:
						want := at(ys[0], c, 3) + at(ys[1], c, 3) + at(ys[2], c, 3)
						if join == JoinMean {
							want /= 3
						}
						if got := at(y, c, 3); math.Abs(float64(got-want)) > 1e-6 {
							t.Fatalf("%s: y[%d,%d] got %g, want %g", joinTypes[join], n, c, got, want)
						}
					}
				}
			}
		}
	}
}

func TestParallelGrad(t *testing.T) {
	x := randInput(2, 2, 3, 4, 4)
	for _, join := range []JoinKind{JoinConcat, JoinSum, JoinMean} {
		for _, train := range []bool{false, true} {
			name := joinTypes[join] + map[bool]string{false: " eval", true: " train"}[train]
			t.Run(name, func(t *testing.T) { checkGrad(t, newTestParallel(join, 3), x, train) })
			t.Run(name+" drop-path", func(t *testing.T) {
				p := newTestParallel(join, 3)
				p.DropPath = 0.5
				checkGrad(t, p, x, train)
			})
		}
	}
	// Vectors concatenate too (per-sample features).
	t.Run("concat vectors", func(t *testing.T) {
		p := NewParallel("heads", JoinConcat, NewLinear("a", 5, 3), NewLinear("b", 5, 2))
		initParams(p, 3)
		checkGrad(t, p, randInput(4, 3, 5), true)
	})
}

// Local drop-path (Larsson et al. 2017 §3.1) keeps each branch with
// probability 1 − DropPath but never drops them all; a mean join averages
// the survivors only.
func TestDropPath(t *testing.T) {
	p := NewParallel("join", JoinMean, NewTanh("a"), NewReLU("b"), NewReLU6("c"))
	p.DropPath = 0.9
	rng := NewRNG(1)
	x := randInput(5, 2, 4)
	counts := make([]int, 3)
	const trials = 20000
	for i := 0; i < trials; i++ {
		y := p.Forward(&Ctx{Train: true, Rng: rng}, x)
		k := 0
		want := NewTensor(2, 4)
		for b, kept := range p.kept {
			if kept {
				k++
				counts[b]++
				for j, v := range p.Branches[b].Forward(Eval, x).Data {
					want.Data[j] += v
				}
			}
		}
		if k == 0 {
			t.Fatalf("trial %d: every branch dropped, want at least one kept", i)
		}
		for j := range want.Data {
			if w := want.Data[j] / float32(k); math.Abs(float64(y.Data[j]-w)) > 1e-6 {
				t.Fatalf("trial %d: y[%d] got %g, want the mean of the %d kept branches %g", i, j, y.Data[j], k, w)
			}
		}
	}
	// P(kept) = 0.1 + P(all three dropped)·1/3 = 0.1 + 0.729/3 = 0.343.
	for b, c := range counts {
		if got := float64(c) / trials; math.Abs(got-0.343) > 0.02 {
			t.Errorf("branch %d kept in %.3f of trials, want 0.343 ± 0.02 (0.1 + 0.9³/3)", b, got)
		}
	}
	// Eval keeps every branch.
	p.Forward(Eval, x)
	for b, kept := range p.kept {
		if !kept {
			t.Errorf("eval: branch %d dropped, want all kept", b)
		}
	}
}

// The Keep hook decides in training (FractalNet's global drop-path
// picks one column for the whole network).
func TestParallelKeep(t *testing.T) {
	p := NewParallel("join", JoinMean, NewTanh("a"), NewReLU("b"), NewReLU6("c"))
	p.DropPath = 0.5 // overridden by Keep
	p.Keep = func(c *Ctx, n int) []bool { return []bool{false, true, false} }
	x := randInput(6, 2, 4)
	y := p.Forward(&Ctx{Train: true, Rng: NewRNG(1)}, x)
	want := NewReLU("r").Forward(Eval, x)
	for i := range y.Data {
		if y.Data[i] != want.Data[i] {
			t.Fatalf("y[%d] got %g, want branch b alone %g", i, y.Data[i], want.Data[i])
		}
	}
	checkGrad(t, p, randInput(7, 2, 4), true)
}

// Concurrent branches give bit-for-bit the outputs and gradients of the
// sequential run, randomness included (each branch draws from its own
// Rng, seeded from the parent's). Run under -race:
//
//	go test -race -run Concurrent ./nn/
func TestParallelConcurrent(t *testing.T) {
	x := randInput(3, 2, 3, 6, 6)
	dy := randInput(4, 2, 9, 6, 6)
	type result struct {
		y, dx *Tensor
		grads [][]float32
	}
	run := func(concurrent bool, train bool) result {
		p := newTestParallel(JoinConcat, 3)
		p.Concurrent = concurrent
		p.DropPath = 0.2
		ZeroGrad(p)
		y := p.Forward(&Ctx{Train: train, Rng: NewRNG(9)}, x)
		dx := p.Backward(dy)
		var grads [][]float32
		for _, q := range AllParams(p) {
			grads = append(grads, append([]float32(nil), q.Grad...))
		}
		return result{y.Clone(), dx, grads}
	}
	for _, train := range []bool{false, true} {
		seq, con := run(false, train), run(true, train)
		for _, pair := range [][2]*Tensor{{seq.y, con.y}, {seq.dx, con.dx}} {
			for i := range pair[0].Data {
				if pair[0].Data[i] != pair[1].Data[i] {
					t.Fatalf("train=%v: element %d sequential %g, concurrent %g, want identical", train, i, pair[0].Data[i], pair[1].Data[i])
				}
			}
		}
		for k := range seq.grads {
			for i := range seq.grads[k] {
				if seq.grads[k][i] != con.grads[k][i] {
					t.Fatalf("train=%v: gradient %d[%d] sequential %g, concurrent %g, want identical", train, k, i, seq.grads[k][i], con.grads[k][i])
				}
			}
		}
	}
	t.Run("grad", func(t *testing.T) {
		p := newTestParallel(JoinSum, 3)
		p.Concurrent = true
		checkGrad(t, p, x, true)
	})
}
