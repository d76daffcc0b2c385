package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// JoinKind is how parallel branches are merged.
type JoinKind int

const (
	JoinConcat JoinKind = iota // along channels (as GoogLeNet's modules, in chapters/googlenet)
	JoinSum                    // element-wise sum (ResNeXt's aggregated form)
	JoinMean                   // element-wise mean (FractalNet's join)
)

var joinTypes = [...]string{"concat", "sum", "mean"}

// Parallel runs every branch on the same input and joins the outputs.
//
//	x: (N, C, H, W) → branch_i(x): (N, C_i, H', W') → y: concat (N, ΣC_i, H', W') or sum/mean (N, C_1, H', W')
//
// DropPath > 0 is local drop-path (Larsson et al. 2017 §3.1): in training
// each branch is dropped with that probability, at least one kept; a mean
// join averages only the kept branches, a sum adds them, a concat fills a
// dropped branch's channels with zeros. A dropped branch does not run.
// Eval keeps every branch. Concurrent runs the branches in separate
// goroutines (AlexNet's two towers, one per core).
//
// Randomness: in training (with c.Rng set) the join first draws its
// drop-path choice from c.Rng, then one PCG seed pair per branch, and
// each branch runs with its own Rng. So the result is the same whether
// the branches run one after another or concurrently, and no Rng is
// shared between goroutines.
type Parallel struct {
	Base
	Branches   []Module
	Join       JoinKind
	DropPath   float64
	Concurrent bool

	// Keep, if non-nil, decides which branches survive a training pass
	// (FractalNet's global drop-path picks one column for the whole network).
	Keep func(c *Ctx, n int) []bool

	kept    []bool  // branches that ran in the last Forward
	outs    [][]int // each branch's output shape in the last Forward
	splits  []int   // per-sample element offsets of each branch in the concat (len = branches + 1)
	inShape []int
}

// NewParallel declares parallel branches with the given join.
func NewParallel(name string, join JoinKind, branches ...Module) *Parallel {
	return &Parallel{Base: Base{name}, Branches: branches, Join: join}
}

func (p *Parallel) Children() []Module { return p.Branches }

func (p *Parallel) Analyze(a *Analyzer, in Flow) (Flow, error) {
	flows := make([]Flow, len(p.Branches))
	for i, b := range p.Branches {
		f, err := a.Child(b, in)
		if err != nil {
			return Flow{}, err
		}
		flows[i] = f
	}
	if len(flows) == 0 {
		return Flow{}, a.Errorf("no branches")
	}
	first := flows[0].Shape
	out := append(Shape(nil), first...)
	for i, f := range flows[1:] {
		s := f.Shape
		switch p.Join {
		case JoinConcat: // along the first per-sample axis: channels, or the features of vectors
			if len(s) == 0 || len(s) != len(first) || !s[1:].Equal(first[1:]) {
				return Flow{}, a.Errorf("cannot concatenate branch %s (%v) with branch %s (%v): all but the channel axis must agree",
					p.Branches[i+1].Name(), s, p.Branches[0].Name(), first)
			}
			out[0] += s[0]
		default:
			if !s.Equal(first) {
				return Flow{}, a.Errorf("cannot %s branch %s (%v) with branch %s (%v)",
					joinTypes[p.Join], p.Branches[i+1].Name(), s, p.Branches[0].Name(), first)
			}
		}
	}
	return a.Join(flows, out)
}

// Forward runs the kept branches on x and joins their outputs.
//
//	x: (N, …) → y_i = branch_i(x): (N, C_i, …)
//	concat  y = [y_1, …, y_B] along axis 1 (zeros for a dropped y_i)
//	sum     y = Σ_{i kept} y_i
//	mean    y = (1/K)·Σ_{i kept} y_i, K = number kept
func (p *Parallel) Forward(c *Ctx, x *Tensor) *Tensor {
	nb := len(p.Branches)
	if nb == 0 {
		panic(ShapeErrorf("nn", p.ModuleName, "Parallel with no branches"))
	}
	p.inShape = x.Shape
	p.kept = p.choose(c)
	ctxs := make([]*Ctx, nb)
	for i := range ctxs {
		ctxs[i] = c
		if c.Train && c.Rng != nil {
			ctxs[i] = &Ctx{Train: true, Rng: rand.New(rand.NewPCG(c.Rng.Uint64(), c.Rng.Uint64()))}
		}
	}
	ys := make([]*Tensor, nb)
	p.each(func(i int) { ys[i] = p.Branches[i].Forward(ctxs[i], x) })

	p.outs = make([][]int, nb)
	first := -1
	for i, y := range ys {
		if y != nil {
			p.outs[i] = y.Shape
			if first < 0 {
				first = i
			}
		}
	}
	if p.Join != JoinConcat {
		y := ys[first].Clone()
		k := 1
		for _, yi := range ys[first+1:] {
			if yi == nil {
				continue
			}
			if len(yi.Data) != len(y.Data) {
				panic(ShapeErrorf("nn", p.ModuleName, "cannot %s branch outputs %v and %v", joinTypes[p.Join], y.Shape, yi.Shape))
			}
			k++
			for j, v := range yi.Data {
				y.Data[j] += v
			}
		}
		if p.Join == JoinMean && k > 1 {
			inv := 1 / float32(k)
			for j := range y.Data {
				y.Data[j] *= inv
			}
		}
		return y
	}

	// Concat: a dropped branch's shape comes from the static analysis.
	for i := range p.outs {
		if p.outs[i] == nil {
			r, err := Analyze(p.Branches[i], x.Sample())
			if err != nil {
				panic(ShapeErrorf("nn", p.ModuleName, "%v", err))
			}
			p.outs[i] = append([]int{x.Shape[0]}, r.Output...)
		}
	}
	n := x.Shape[0]
	shape := append([]int(nil), p.outs[first]...)
	shape[1] = 0
	p.splits = make([]int, nb+1)
	for i, s := range p.outs {
		if len(s) != len(shape) || !Shape(s[2:]).Equal(shape[2:]) {
			panic(ShapeErrorf("nn", p.ModuleName, "cannot concatenate branch outputs %v and %v", p.outs[first], s))
		}
		shape[1] += s[1]
		p.splits[i+1] = p.splits[i] + int(Shape(s[1:]).Elems())
	}
	y := NewTensor(shape...)
	per := p.splits[nb]
	for i, yi := range ys {
		if yi == nil {
			continue
		}
		e := p.splits[i+1] - p.splits[i]
		for b := 0; b < n; b++ {
			copy(y.Data[b*per+p.splits[i]:b*per+p.splits[i+1]], yi.Data[b*e:(b+1)*e])
		}
	}
	return y
}

// Backward hands each kept branch its share of dy and sums their input
// gradients.
//
//	dy: (N, C_y, …) → dx: (N, …) shape of x
//	concat  dy_i = dy[:, channels of branch i]
//	sum     dy_i = dy
//	mean    dy_i = dy/K
//	dx = Σ_{i kept} branch_i'(dy_i)
func (p *Parallel) Backward(dy *Tensor) *Tensor {
	nb := len(p.Branches)
	k := 0
	for _, kp := range p.kept {
		if kp {
			k++
		}
	}
	dys := make([]*Tensor, nb)
	for i := range dys {
		if !p.kept[i] {
			continue
		}
		switch p.Join {
		case JoinConcat:
			n, per, e := dy.Shape[0], p.splits[nb], p.splits[i+1]-p.splits[i]
			d := NewTensor(p.outs[i]...)
			for b := 0; b < n; b++ {
				copy(d.Data[b*e:(b+1)*e], dy.Data[b*per+p.splits[i]:b*per+p.splits[i+1]])
			}
			dys[i] = d
		case JoinSum:
			dys[i] = dy
		case JoinMean:
			d := ZerosLike(dy)
			inv := 1 / float32(k)
			for j, v := range dy.Data {
				d.Data[j] = v * inv
			}
			dys[i] = d
		}
	}
	dxs := make([]*Tensor, nb)
	p.each(func(i int) { dxs[i] = p.Branches[i].Backward(dys[i]) })
	dx := NewTensor(p.inShape...)
	for _, d := range dxs {
		if d == nil {
			continue
		}
		for j, v := range d.Data {
			dx.Data[j] += v
		}
	}
	return dx
}

// choose decides which branches run: all in eval; in training the Keep
// hook if set, else local drop-path.
func (p *Parallel) choose(c *Ctx) []bool {
	nb := len(p.Branches)
	kept := make([]bool, nb)
	for i := range kept {
		kept[i] = true
	}
	if !c.Train {
		return kept
	}
	if p.Keep != nil {
		kept = append([]bool(nil), p.Keep(c, nb)...)
		some := false
		for _, k := range kept {
			some = some || k
		}
		if len(kept) != nb || !some {
			panic(fmt.Sprintf("nn: %s: Keep must return %d flags with at least one true, got %v", p.ModuleName, nb, kept))
		}
		return kept
	}
	if p.DropPath > 0 {
		if c.Rng == nil {
			panic("nn: drop-path in training needs Ctx.Rng")
		}
		some := false
		for i := range kept {
			kept[i] = c.Rng.Float64() >= p.DropPath
			some = some || kept[i]
		}
		if !some { // Larsson et al. 2017 §3.1: "we make sure at least one survives"
			kept[c.Rng.IntN(nb)] = true
		}
	}
	return kept
}

// each calls f(i) for every kept branch, concurrently if p.Concurrent.
func (p *Parallel) each(f func(i int)) {
	if !p.Concurrent {
		for i, k := range p.kept {
			if k {
				f(i)
			}
		}
		return
	}
	var idx []int
	for i, k := range p.kept {
		if k {
			idx = append(idx, i)
		}
	}
	par.Split(len(idx), func(j int) { f(idx[j]) })
}
