package all

import (
	"math/big"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/cnnbook/cnnbook/chapters/googlenet"
	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/nn"
)

// The path analysis (nn.Analyze's Paths: each container composes its
// children's path-length polynomials) checked by an independent method:
// the module tree's eval data-flow graph built with gonum's graph package,
// its input→output paths counted by length by dynamic programming over a
// topological order (gonum's topo.Sort), and both compared with the closed
// forms of the papers.

// flowGraph is the data-flow graph of an eval forward pass: a node per
// weighted layer (conv, linear), a node per join (sum, concatenation,
// mean) and the input; an edge where a tensor flows.
type flowGraph struct {
	g        *simple.DirectedGraph
	weighted map[int64]bool
	t        *testing.T
}

func newFlowGraph(t *testing.T) *flowGraph {
	return &flowGraph{g: simple.NewDirectedGraph(), weighted: map[int64]bool{}, t: t}
}

func (f *flowGraph) node(weighted bool, from ...int64) int64 {
	n := f.g.NewNode()
	f.g.AddNode(n)
	f.weighted[n.ID()] = weighted
	for _, u := range from {
		f.g.SetEdge(f.g.NewEdge(f.g.Node(u), n))
	}
	return n.ID()
}

// add wires m's eval forward pass after node in and returns its output node.
func (f *flowGraph) add(m nn.Module, in int64) int64 {
	switch t := m.(type) {
	case *nn.Sequential:
		for _, l := range t.Layers {
			in = f.add(l, in)
		}
		return in
	case *nn.Residual:
		b := f.add(t.Branch, in)
		s := in
		if t.Shortcut != nil {
			s = f.add(t.Shortcut, in)
		}
		out := f.node(false, b, s)
		if t.After != nil {
			out = f.add(t.After, out)
		}
		return out
	case *nn.Parallel:
		outs := make([]int64, len(t.Branches))
		for i, br := range t.Branches {
			outs[i] = f.add(br, in)
		}
		return f.node(false, outs...)
	case *nn.DenseConcat:
		// Layer i reads the concatenation of the input and every earlier
		// layer's output; the block outputs the concatenation of all.
		seen := []int64{in}
		for _, l := range t.Layers {
			seen = append(seen, f.add(l, f.node(false, seen...)))
		}
		return f.node(false, seen...)
	case *nn.FractalBlock:
		// Row r ends the columns j ≥ Ending(r); unit i of column j (0-based)
		// spans rows i·2^(C−1−j) … (i+1)·2^(C−1−j) − 1; the columns that end
		// together are averaged and the mean feeds each of them.
		c := len(t.Columns)
		cur := make([]int64, c)
		for j := range cur {
			cur[j] = in
		}
		for r := 0; r < t.Rows(); r++ {
			j0 := t.Ending(r)
			var outs []int64
			for j := j0; j < c; j++ {
				i := r >> (c - 1 - j)
				outs = append(outs, f.add(t.Columns[j].Layers[i], cur[j]))
			}
			out := outs[0]
			if len(outs) > 1 {
				out = f.node(false, outs...)
			}
			for j := j0; j < c; j++ {
				cur[j] = out
			}
		}
		return cur[0]
	case *nn.DropPathScope:
		return f.add(t.Body, in)
	case *nn.Aux:
		return in // a training-only head: not on the eval graph
	case *nn.Conv2D, *nn.Linear, *nn.ConvTranspose2D:
		return f.node(true, in)
	case *lenet.Subsampling, *lenet.PartialConv2D, *lenet.RBF:
		// LeNet-5's own weight layers (LeCun et al. 1998 §II.B): S2 and S4
		// scale each 2×2 sum by a trainable coefficient, C3 convolves
		// subsets of S2's maps, the output RBF measures the distance of F6
		// to each class's (fixed) centre vector. Each is one layer on one
		// path, as the paper counts its seven layers.
		return f.node(true, in)
	case *googlenet.TransformInput:
		return in // torchvision's per-channel affine of the input: no weights to count, no branching
	}
	if len(m.Children()) > 0 {
		f.t.Fatalf("flowGraph: no wiring for container %T (%s)", m, m.Name())
	}
	if !inNN(m) {
		f.t.Fatalf("flowGraph: leaf %T (%s) is a chapter's own layer the graph does not know: say whether it is weighted", m, m.Name())
	}
	return in // a pointwise or pooling leaf of nn: no weights, no branching
}

// paths counts the input→output paths by the number of weighted layers
// they pass: DP over a topological order, count(v) = Σ count(u) over the
// edges u→v, shifted by one at a weighted node.
func (f *flowGraph) paths(in, out int64) nn.Poly {
	order, err := topo.Sort(f.g)
	if err != nil {
		f.t.Fatalf("the data-flow graph has a cycle: %v", err)
	}
	count := map[int64]nn.Poly{in: nn.PolyOne()}
	for _, n := range order {
		id := n.ID()
		if id == in {
			continue
		}
		p := nn.Poly{}
		preds := f.g.To(id)
		for preds.Next() {
			if q, ok := count[preds.Node().ID()]; ok {
				p = p.Add(q)
			}
		}
		if f.weighted[id] {
			p = p.Shift(1)
		}
		count[id] = p
	}
	return count[out]
}

func flowPaths(t *testing.T, m nn.Module) nn.Poly {
	f := newFlowGraph(t)
	in := f.node(false)
	out := f.add(m, in)
	return f.paths(in, out)
}

// polyEqual compares two polynomials, ignoring trailing zeros.
func polyEqual(a, b nn.Poly) bool {
	n := max(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := big.NewInt(0), big.NewInt(0)
		if i < len(a) && a[i] != nil {
			x = a[i]
		}
		if i < len(b) && b[i] != nil {
			y = b[i]
		}
		if x.Cmp(y) != 0 {
			return false
		}
	}
	return true
}

// binomial is Σ_k C(n, k)·x^(base + step·k): n independent two-way choices.
func binomial(n, base, step int) nn.Poly {
	p := make(nn.Poly, base+step*n+1)
	for i := range p {
		p[i] = big.NewInt(0)
	}
	for k := 0; k <= n; k++ {
		p[base+step*k] = new(big.Int).Binomial(int64(n), int64(k))
	}
	return p
}

// fractalPoly is the closed form of a fractal block of c columns of
// single-conv units: f₁ = x, f_{c+1} = f_c² + x (the expansion rule: two
// copies of f_c in series, joined with one conv; joins that coincide merge
// without changing the set of paths).
func fractalPoly(c int) nn.Poly {
	p := nn.Poly{big.NewInt(0), big.NewInt(1)}
	for k := 1; k < c; k++ {
		sq := make(nn.Poly, 2*len(p)-1)
		for i := range sq {
			sq[i] = big.NewInt(0)
		}
		for i, a := range p {
			for j, b := range p {
				sq[i+j].Add(sq[i+j], new(big.Int).Mul(a, b))
			}
		}
		p = sq.Add(nn.Poly{big.NewInt(0), big.NewInt(1)})
	}
	return p
}

func TestPathsByGraph(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    nn.Module
		in   nn.Shape
		want nn.Poly
		why  string
	}{
		// He et al. 2016 CIFAR nets with option-A shortcuts (no weights on
		// the shortcut): conv1 and fc on every path, each of the 3n blocks
		// taken (2 convs) or skipped: C(3n, k) paths of length 2 + 2k
		// (Veit et al. 2016: 2^n paths).
		{"resnet20", resnet.CIFAR(20, true).Net, nn.Shape{3, 32, 32}, binomial(9, 2, 2), "C(9, k) paths of 2 + 2k layers"},
		{"resnet110", resnet.CIFAR(110, true).Net, nn.Shape{3, 32, 32}, binomial(54, 2, 2), "C(54, k) paths of 2 + 2k layers"},
		{"plain20", resnet.CIFAR(20, false).Net, nn.Shape{3, 32, 32}, binomial(0, 20, 0), "one path of 20 layers"},
		// A dense block of L two-conv layers: the output concatenates the
		// input and every layer, each layer reads all before it, so a path
		// is any subset of the layers: C(L, k) paths of 2k convs, 2^L in all.
		{"dense block L=6", variants.DenseNetBlock("denseblock1", 6, 64, 32, 4), nn.Shape{64, 8, 8}, binomial(6, 0, 2), "C(6, k) paths of 2k convs"},
		{"dense block L=12", variants.DenseNetBlock("denseblock", 12, 24, 12, 4), nn.Shape{24, 8, 8}, binomial(12, 0, 2), "C(12, k) paths of 2k convs"},
		// GoogLeNet's Inception module: 1×1 | 1×1→3×3 | 1×1→5×5 | pool→1×1.
		{"inception3a", googlenet.Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, googlenet.InceptionOpts{}), nn.Shape{192, 28, 28},
			nn.Poly{big.NewInt(0), big.NewInt(2), big.NewInt(2)}, "2 paths of 1 conv, 2 of 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := flowPaths(t, tc.m)
			if !polyEqual(got, tc.want) {
				t.Errorf("graph paths %v, closed form %v (%s)", got.Lengths(), tc.want.Lengths(), tc.why)
			}
			r, err := nn.Analyze(tc.m, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !polyEqual(got, r.Paths) {
				t.Errorf("graph paths %v, nn.Analyze %v", got.Lengths(), r.Paths.Lengths())
			}
		})
	}
	// FractalNet: every block of fractalnet-20 against f_{c+1} = f_c² + x
	// (the whole network is in the registry loop below).
	e, err := Lookup("fractalnet-20")
	if err != nil {
		t.Fatal(err)
	}
	m := e.Build()
	nblocks := 0
	nn.Walk(m.Net, func(path string, x nn.Module) {
		if b, ok := x.(*nn.FractalBlock); ok {
			nblocks++
			if got, want := flowPaths(t, b), fractalPoly(len(b.Columns)); !polyEqual(got, want) {
				t.Errorf("fractal block %s (%d columns): graph paths %v, f_{c+1} = f_c² + x gives %v", path, len(b.Columns), got.Lengths(), want.Lengths())
			}
		}
	})
	if nblocks == 0 {
		t.Fatal("no fractal block found in the FractalNet")
	}
	// Every registered model: graph = analysis.
	checked := 0
	for _, e := range Models() {
		mod := e.Build()
		got := flowPaths(t, mod.Net)
		r := mod.MustAnalyze()
		if !polyEqual(got, r.Paths) {
			t.Errorf("%s: graph paths (%s in all) differ from nn.Analyze's (%s)", e.Name, got.Count(), r.PathCount())
		}
		checked++
	}
	if checked != len(Models()) {
		t.Errorf("graph checked %d of %d registered models", checked, len(Models()))
	}
	t.Logf("%d of %d registered models: graph path polynomial = nn.Analyze's", checked, len(Models()))
}

// inNN reports whether leaf m is one of nn's own layers, whose Analyze
// marks exactly Conv2D, ConvTranspose2D and Linear as weighted (wired
// above); the chapters' layers must be wired by name in flowGraph.add.
func inNN(m nn.Module) bool {
	t := reflect.TypeOf(m)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == "github.com/cnnbook/cnnbook/nn"
}
