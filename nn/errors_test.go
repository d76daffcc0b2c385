package nn

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad input is recognised by type: Analyze's errors, Run's own checks and
// a Forward panic that Run recovers are all *ShapeError, with the layer's
// path, and their text is unchanged ("path: message").
func TestShapeErrorTyped(t *testing.T) {
	net := Seq("net", NewConv2D("conv1", 3, 4, 3), NewFlatten("flatten"), NewLinear("fc", 4*6*6, 10))
	InitParams(net, NewRNG(1))
	bn := NewBatchNorm2D("bn1", 2)
	InitParams(bn, NewRNG(1))
	for _, tc := range []struct {
		name, path, text string
		err              func() error
	}{
		{"Analyze: wrong channels", "conv1", "conv1: expects 3 input channels, receives 1 (input 1×8×8)",
			func() error { _, err := Analyze(net, Shape{1, 8, 8}); return err }},
		{"Analyze: wrong size", "fc", "fc: expects 144 inputs, receives 196 (= 4×7×7)",
			func() error { _, err := Analyze(net, Shape{3, 9, 9}); return err }},
		{"Run: no batch axis", "bn1", "bn1: input needs a batch axis, got shape [2]",
			func() error { _, err := Run(bn, Eval, &Tensor{Shape: []int{2}, Data: make([]float32, 2)}); return err }},
		{"Run: a Forward panic recovered", "bn1",
			"bn1: BatchNorm2D needs more than 1 value per channel in training, got input [1 2 1 1]",
			func() error { _, err := Run(bn, &Ctx{Train: true}, NewTensor(1, 2, 1, 1)); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			var se *ShapeError
			require.True(t, errors.As(err, &se), "%v (%T) is not a *ShapeError", err, err)
			assert.Equal(t, tc.path, se.Path)
			assert.Empty(t, se.Pkg, "an error, not a panic: no package prefix")
			assert.Equal(t, tc.text, err.Error())
		})
	}
}

// panicky is a layer whose analysis accepts anything and whose Forward
// panics with v: how Run tells a bad input from a bug.
type panicky struct {
	Base
	v any
}

func (p *panicky) Forward(*Ctx, *Tensor) *Tensor { panic(p.v) }
func (p *panicky) Backward(dy *Tensor) *Tensor   { return dy }
func (p *panicky) Analyze(a *Analyzer, in Flow) (Flow, error) {
	return a.Leaf(p, in, LeafInfo{Type: "Panicky", Out: in.Shape}), nil
}

// Run recovers a *ShapeError panic from any package's layer (a chapter's
// too) and returns it without the package prefix; any other panic, even a
// string that starts "nn: ", is a bug and propagates.
func TestRunRecoversShapeErrorsOnly(t *testing.T) {
	x := NewTensor(1, 1, 2, 2)
	_, err := Run(&panicky{Base{"s2"}, ShapeErrorf("lenet", "s2", "input %v, want (N, %d, H, W)", x.Shape, 6)}, Eval, x)
	var se *ShapeError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, "s2: input [1 1 2 2], want (N, 6, H, W)", err.Error())
	assert.Equal(t, "lenet: s2: input [1 1 2 2], want (N, 6, H, W)",
		ShapeErrorf("lenet", "s2", "input %v, want (N, %d, H, W)", x.Shape, 6).Error(), "the panic's own text names the package")
	assert.PanicsWithValue(t, "nn: s2: a bug", func() { _, _ = Run(&panicky{Base{"s2"}, "nn: s2: a bug"}, Eval, x) })
	assert.PanicsWithValue(t, "lenet: s2: a bug", func() { _, _ = Run(&panicky{Base{"s2"}, "lenet: s2: a bug"}, Eval, x) })
}
