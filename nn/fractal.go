package nn

import (
	"fmt"
	"math/rand/v2"
)

// FractalBlock is one block of FractalNet (Larsson, Maire & Shakhnarovich,
// "FractalNet: Ultra-Deep Neural Networks without Residuals", ICLR 2017,
// §2). It is the expansion rule
//
//	f_1(z) = conv(z),   f_{C+1}(z) = [(f_C ∘ f_C)(z)] ⊕ [conv(z)]
//
// unrolled into C columns: column j (1-based, Columns[j−1]) holds 2^(j−1)
// units, so the deepest column C has 2^(C−1) and the block has
// 2^C − 1 units. Drawn as a grid of R = 2^(C−1) rows, unit i of column j
// spans rows i·2^(C−j) … (i+1)·2^(C−j) − 1.
//
// Joins that coincide are one join. Unrolling the rule literally nests a
// two-input mean inside another wherever two joins fall on the same row
// (f_3's output would weight its two deepest columns ¼ each and the
// shallowest ½); the paper draws, and this block computes, a single join
// that averages every column ending there (f_3's last join: three inputs,
// ⅓ each, Fig. 1). After row r (0-based) the columns j with
// 2^(C−j) | r+1 end — always the deepest m of them, m = 1 + the number of
// trailing zero bits of r+1 (at most C) — and if m ≥ 2 their outputs are
// averaged; the mean then feeds the next unit of each of those m columns.
// With m = 1 only the deepest column ends and its value runs on unjoined.
//
// Drop-path (§3.1) regularises the block in training, under the control of
// a DropPath shared by every block of a network (nil: no drop-path):
//
//   - local: each join drops each of its inputs with probability Local,
//     keeping at least one, and averages the inputs that survive;
//   - global: one column is chosen for the whole network and only its units
//     run; every join passes that column's value through.
//
// The unit that would deliver a dropped input does not run. (A deep
// column reaches a join through several units, one per row since its last
// join; the draws are made at the join, so the earlier ones have run and
// their output is simply not used, as in a graph that computes every input
// of a join and lets the join ignore the dropped ones. No gradient reaches
// them.) Eval averages every column.
//
//	x: (N, In, H, W) → every unit keeps H×W (3×3 convs, pad 1) → y: (N, Out, H, W)
//	keys: column1.0.…, column2.0.…, column2.1.…, …, columnC.(2^(C−1)−1).…
type FractalBlock struct {
	Base
	Columns []*Sequential // Columns[j−1] is column j: 2^(j−1) units named "0", "1", …
	Drop    *DropPath     // shared by the network's blocks; nil: never drop

	rows    []fractalRow // what ran in the last Forward, row by row
	inShape []int
}

// fractalRow records one row of the last Forward: which units ran, where
// their inputs came from, and into which node their (joined) output went.
type fractalRow struct {
	units []fractalUnit // the kept units that end on this row
	out   int           // node their mean was stored in (−1: none ran)
}

type fractalUnit struct {
	col, idx int // 0-based column and unit index
	src      int // node the unit read
}

// NewFractalBlock declares a block of the given number of columns from in
// to out channels. unit(name, in, out) builds one unit (the paper's
// "conv": 3×3 convolution, batch norm, ReLU, and optionally dropout); the
// first unit of every column maps in → out channels, the others out → out.
func NewFractalBlock(name string, columns, in, out int, unit func(name string, in, out int) Module) *FractalBlock {
	if columns < 1 || columns > 16 {
		panic(fmt.Sprintf("nn: %s: a fractal block has 1 to 16 columns, got %d", name, columns))
	}
	b := &FractalBlock{Base: Base{name}}
	for j := 1; j <= columns; j++ {
		col := Seq(fmt.Sprintf("column%d", j))
		for i := 0; i < 1<<(j-1); i++ {
			cin := out
			if i == 0 {
				cin = in
			}
			col.Append(unit(fmt.Sprint(i), cin, out))
		}
		b.Columns = append(b.Columns, col)
	}
	return b
}

func (b *FractalBlock) Children() []Module {
	cs := make([]Module, len(b.Columns))
	for i, c := range b.Columns {
		cs[i] = c
	}
	return cs
}

// Rows is the number of rows R = 2^(C−1): the units on the deepest column.
func (b *FractalBlock) Rows() int { return 1 << (len(b.Columns) - 1) }

// Ending returns the 0-based index of the shallowest column whose unit
// ends on row r (0-based); columns Ending(r) … C−1 all end there.
func (b *FractalBlock) Ending(r int) int {
	c := len(b.Columns)
	m := 1
	for k := r + 1; k%2 == 0 && m < c; k /= 2 {
		m++
	}
	return c - m
}

// unitAt is the index within column j (0-based) of the unit ending on row r.
func (b *FractalBlock) unitAt(j, r int) int {
	span := 1 << (len(b.Columns) - 1 - j)
	return (r+1)/span - 1
}

// FractalPaths is the number of input-to-output paths of a C-column block:
// P(1) = 1, P(C+1) = P(C)² + 1 (the two chained copies of f_C, plus the
// new column's single conv).
func FractalPaths(columns int) int64 {
	p := int64(1)
	for c := 1; c < columns; c++ {
		p = p*p + 1
	}
	return p
}

// renamed gives a unit the dotted name of its place ("column3.2") for the
// analysis, so rows read like its parameter keys.
type renamed struct {
	Module
	name string
}

func (r renamed) Name() string { return r.name }

// Analyze walks the rows as Forward does in eval: every column runs and
// the joins add the columns' paths (a join's polynomial is the sum of its
// inputs'; the receptive field the largest, the depth the longest).
func (b *FractalBlock) Analyze(a *Analyzer, in Flow) (Flow, error) {
	c := len(b.Columns)
	cur := make([]Flow, c) // the flow feeding each column's next unit
	for j := range cur {
		cur[j] = in
	}
	for r := 0; r < b.Rows(); r++ {
		j0 := b.Ending(r)
		var flows []Flow
		for j := j0; j < c; j++ {
			i := b.unitAt(j, r)
			u := renamed{b.Columns[j].Layers[i], fmt.Sprintf("column%d.%d", j+1, i)}
			f, err := a.Child(u, cur[j])
			if err != nil {
				return Flow{}, err
			}
			if len(flows) > 0 && !f.Shape.Equal(flows[0].Shape) {
				return Flow{}, a.Errorf("row %d: column %d gives %v but column %d gives %v: they cannot be averaged",
					r+1, j+1, f.Shape, j0+1, flows[0].Shape)
			}
			flows = append(flows, f)
		}
		out := flows[0]
		if len(flows) > 1 {
			var err error
			if out, err = a.Join(flows, flows[0].Shape); err != nil {
				return Flow{}, err
			}
		}
		for j := j0; j < c; j++ {
			cur[j] = out
		}
	}
	return cur[c-1], nil
}

// Forward runs the rows top to bottom; see the type's comment for the
// joins and drop-path.
//
//	x: (N, In, H, W) → y: (N, Out, H', W')
//	node 0 = x; for each row r: the kept units u ending on r read their
//	column's current node; y_r = (1/K)·Σ_{kept u} u(node_u), K = number kept;
//	y_r becomes the current node of every column ending on r
//	y = y_{R−1}
func (b *FractalBlock) Forward(c *Ctx, x *Tensor) *Tensor {
	cols := len(b.Columns)
	b.inShape = x.Shape
	nodes := []*Tensor{x}
	cur := make([]int, cols) // node feeding each column's next unit
	b.rows = b.rows[:0]
	global := -1
	if c.Train && b.Drop != nil {
		global = b.Drop.column(cols)
	}
	for r := 0; r < b.Rows(); r++ {
		j0 := b.Ending(r)
		keep := b.keep(c, j0, global)
		row := fractalRow{out: -1}
		var sum *Tensor
		for j := j0; j < cols; j++ {
			if !keep[j-j0] {
				continue
			}
			i := b.unitAt(j, r)
			y := b.Columns[j].Layers[i].Forward(c, nodes[cur[j]])
			row.units = append(row.units, fractalUnit{col: j, idx: i, src: cur[j]})
			if sum == nil {
				sum = y // not modified in place unless a second input arrives
				continue
			}
			if len(y.Data) != len(sum.Data) {
				panic(ShapeErrorf("nn", b.ModuleName, "row %d: column %d gives %v, another column %v", r+1, j+1, y.Shape, sum.Shape))
			}
			if len(row.units) == 2 {
				sum = sum.Clone() // the first unit may have cached its output
			}
			for k, v := range y.Data {
				sum.Data[k] += v
			}
		}
		if sum != nil {
			if k := len(row.units); k > 1 {
				inv := 1 / float32(k)
				for i := range sum.Data {
					sum.Data[i] *= inv
				}
			}
			nodes = append(nodes, sum)
			row.out = len(nodes) - 1
			for j := j0; j < cols; j++ {
				cur[j] = row.out
			}
		}
		b.rows = append(b.rows, row)
	}
	return nodes[len(nodes)-1]
}

// keep decides which of the columns j0 … C−1 ending on a row run: all in
// eval; in a global pass only the chosen column; in a local pass, at a
// join of m ≥ 2 inputs, each survives with probability 1 − Local, at
// least one (§3.1: "we make sure at least one input survives").
func (b *FractalBlock) keep(c *Ctx, j0, global int) []bool {
	cols := len(b.Columns)
	keep := make([]bool, cols-j0)
	for i := range keep {
		keep[i] = true
	}
	switch {
	case !c.Train || b.Drop == nil:
	case global >= 0:
		for i := range keep {
			keep[i] = j0+i == global
		}
	case len(keep) > 1 && b.Drop.Local > 0:
		if c.Rng == nil {
			panic("nn: drop-path in training needs Ctx.Rng")
		}
		some := false
		for i := range keep {
			keep[i] = c.Rng.Float64() >= b.Drop.Local
			some = some || keep[i]
		}
		if !some {
			keep[c.Rng.IntN(len(keep))] = true
		}
	}
	return keep
}

// Backward walks the rows bottom to top. A node's gradient is complete
// when its row is reached, because every unit that read it ends later.
//
//	dy: (N, Out, H', W') → dx: (N, In, H, W)
//	d(node of row R−1) = dy
//	for r = R−1 … 0, each kept unit u on r: d(node_u) += u'(d(y_r)/K)
//	dx = d(node 0)
func (b *FractalBlock) Backward(dy *Tensor) *Tensor {
	if len(b.rows) == 0 {
		panic("nn: " + b.ModuleName + ": FractalBlock.Backward before Forward")
	}
	// Every column ends on the last row and at least one of them ran.
	grads := map[int]*Tensor{b.rows[len(b.rows)-1].out: dy}
	for r := len(b.rows) - 1; r >= 0; r-- {
		row := b.rows[r]
		if row.out < 0 {
			continue
		}
		g, ok := grads[row.out]
		if !ok { // a node no kept unit read (a global pass skips other columns' rows)
			continue
		}
		if k := len(row.units); k > 1 {
			s := ZerosLike(g)
			inv := 1 / float32(k)
			for i, v := range g.Data {
				s.Data[i] = v * inv
			}
			g = s
		}
		for _, u := range row.units {
			d := b.Columns[u.col].Layers[u.idx].Backward(g)
			if acc, ok := grads[u.src]; ok {
				for i, v := range d.Data {
					acc.Data[i] += v
				}
			} else {
				grads[u.src] = d.Clone()
			}
		}
	}
	if dx, ok := grads[0]; ok {
		return dx
	}
	return NewTensor(b.inShape...)
}

// DropPath is the drop-path schedule shared by the fractal blocks of one
// network (Larsson et al. 2017 §3.1 and §4: local drop-path with a 15%
// drop rate, and half of the training passes global). A DropPathScope at
// the network's root draws, once per training pass, whether the pass is
// global and which column it keeps. The zero value never drops.
type DropPath struct {
	Local  float64 // probability that a join drops each input (local passes)
	Global float64 // probability that a training pass is global

	global int // 1-based column of the current global pass; 0: a local pass
}

// NewDropPath returns a schedule; the paper's is NewDropPath(0.15, 0.5).
func NewDropPath(local, global float64) *DropPath {
	return &DropPath{Local: local, Global: global}
}

// draw picks the mode of one training pass: global with probability
// d.Global, then a column uniformly among columns.
func (d *DropPath) draw(rng *rand.Rand, columns int) {
	d.global = 0
	if d.Global > 0 {
		if rng == nil {
			panic("nn: drop-path in training needs Ctx.Rng")
		}
		if rng.Float64() < d.Global {
			d.global = rng.IntN(columns) + 1
		}
	}
}

// SetGlobal makes the next training passes keep only column col
// (1-based), or (col = 0) local, until a scope draws again; for tests and
// for running one column of a trained network.
func (d *DropPath) SetGlobal(col int) { d.global = col }

// Column is the 1-based column of the current global pass, 0 for a local one.
func (d *DropPath) Column() int { return d.global }

// column is the 0-based column kept in a global pass, −1 in a local one;
// a block with fewer columns than the one drawn keeps its deepest.
func (d *DropPath) column(columns int) int {
	if d.global == 0 {
		return -1
	}
	return min(d.global, columns) - 1
}

// DropPathScope is the root of a network with drop-path: in a training
// pass it draws the pass's mode (d.draw) before running Body; in eval it
// just runs Body. Name it like the network; Body named "" adds no key level.
type DropPathScope struct {
	Base
	Body    Module
	Drop    *DropPath
	Columns int  // the number of columns to draw from
	Fixed   bool // true: do not draw, keep the mode set by SetGlobal
}

// NewDropPathScope wraps body.
func NewDropPathScope(name string, body Module, d *DropPath, columns int) *DropPathScope {
	return &DropPathScope{Base: Base{name}, Body: body, Drop: d, Columns: columns}
}

func (s *DropPathScope) Children() []Module { return []Module{s.Body} }

func (s *DropPathScope) Analyze(a *Analyzer, in Flow) (Flow, error) { return a.Child(s.Body, in) }

// Forward draws the drop-path mode (training) and runs the body.
//
//	x → Body(x), same shapes as Body
func (s *DropPathScope) Forward(c *Ctx, x *Tensor) *Tensor {
	if c.Train && !s.Fixed {
		s.Drop.draw(c.Rng, s.Columns)
	}
	return s.Body.Forward(c, x)
}

// Backward is the body's.
func (s *DropPathScope) Backward(dy *Tensor) *Tensor { return s.Body.Backward(dy) }
