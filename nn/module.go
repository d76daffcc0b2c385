package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Ctx carries the mode of a forward pass. Eval (Train == false) is
// deterministic: no dropout, running BatchNorm statistics, no auxiliary
// heads, no stochastic depth or drop-path.
type Ctx struct {
	Train bool
	Rng   *rand.Rand // used only in training (dropout, drop-path)
}

// Eval is the context of an inference pass.
var Eval = &Ctx{}

// Module is a node of the one module tree that the forward pass runs and
// the analysis walks. A leaf owns parameters; a container owns children.
//
// Forward caches what Backward needs; Backward takes dL/dy, accumulates
// (+=) parameter gradients into Param.Grad and returns dL/dx. Forward and
// Backward panic on a shape they were not built for: call Analyze (or Run)
// first to get a descriptive error instead.
type Module interface {
	Name() string
	Forward(c *Ctx, x *Tensor) *Tensor
	Backward(dy *Tensor) *Tensor
	Params() []*Param   // this module's own tensors, children's excluded
	Children() []Module // in the order the keys enumerate them
	// Analyze computes, from shapes alone, the output flow of this module
	// and records its leaves in a.
	Analyze(a *Analyzer, in Flow) (Flow, error)
}

// Base gives a module its name and empty Params/Children. An empty name
// makes a container transparent: its children's keys hang off its parent,
// as torchvision's BasicBlock children (conv1, bn1, ...) hang off the block.
type Base struct{ ModuleName string }

func (b *Base) Name() string       { return b.ModuleName }
func (b *Base) Params() []*Param   { return nil }
func (b *Base) Children() []Module { return nil }

// NamedParam is a tensor with its key: the dotted path of module names
// from (excluding) the root, then the tensor's own name, as in PyTorch's
// state_dict ("layer2.0.conv1.weight").
type NamedParam struct {
	Key string
	*Param
}

// AllParams lists every tensor (parameters and buffers) of the tree in a
// deterministic order.
func AllParams(m Module) []NamedParam {
	var out []NamedParam
	Walk(m, func(path string, c Module) { // a transparent container ("") adds no key level
		for _, p := range c.Params() {
			out = append(out, NamedParam{Key: joinKey(path, p.Name), Param: p})
		}
	})
	return out
}

// Walk calls fn for m and every descendant, depth first, with its dotted
// path ("" for the root).
func Walk(m Module, fn func(path string, m Module)) {
	var walk func(m Module, path string)
	walk = func(m Module, path string) {
		fn(path, m)
		for _, c := range m.Children() {
			walk(c, joinKey(path, c.Name()))
		}
	}
	walk(m, "")
}

// InitParams allocates every tensor of m and fills it from its Init scheme.
func InitParams(m Module, rng *rand.Rand) {
	for _, p := range AllParams(m) {
		p.Fill(rng)
	}
}

// ZeroGrad clears every gradient of m.
func ZeroGrad(m Module) {
	for _, p := range AllParams(m) {
		p.ZeroGrad()
	}
}

// Run checks that x fits m (returning a *ShapeError naming the layer if
// not) and then runs the forward pass. Every tensor of m must be
// allocated. A nil c is Eval. Run never panics on a bad input: what the
// static analysis cannot see (a batch of one 1×1 map for BatchNorm's batch
// statistics, an unpool without switches) makes the layer's Forward panic
// with a *ShapeError (ShapeErrorf), which comes back as the error, without
// its package prefix. Any other panic is a bug and propagates.
func Run(m Module, c *Ctx, x *Tensor) (y *Tensor, err error) {
	if c == nil {
		c = Eval
	}
	if x == nil || len(x.Shape) < 2 {
		var shape []int
		if x != nil {
			shape = x.Shape
		}
		return nil, &ShapeError{Path: m.Name(), Msg: fmt.Sprintf("input needs a batch axis, got shape %v", shape)}
	}
	n := 1
	for _, d := range x.Shape {
		if d < 0 {
			return nil, &ShapeError{Path: m.Name(), Msg: fmt.Sprintf("input shape %v has a negative axis", x.Shape)}
		}
		n *= d
	}
	if n != len(x.Data) {
		return nil, &ShapeError{Path: m.Name(), Msg: fmt.Sprintf("input shape %v needs %s values, the tensor holds %s", x.Shape, Comma(int64(n)), Comma(int64(len(x.Data))))}
	}
	if _, err := Analyze(m, x.Sample()); err != nil {
		return nil, err
	}
	for _, p := range AllParams(m) {
		if p.Data == nil {
			return nil, fmt.Errorf("%s: %s is not initialised (call InitParams or load weights)", m.Name(), p.Key)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*ShapeError)
			if !ok {
				panic(r) // a bug, not a bad input
			}
			e := *se
			e.Pkg = ""
			y, err = nil, &e
		}
	}()
	return m.Forward(c, x), nil
}

// joinKey joins dotted path parts, skipping empty ones.
func joinKey(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ".")
}
