package lenet

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/nn"
)

// lax hides a layer's own analysis behind one that accepts any input, so
// that the layer's Forward meets the input Analyze would have refused.
type lax struct{ nn.Module }

func (l lax) Analyze(a *nn.Analyzer, in nn.Flow) (nn.Flow, error) {
	return a.Leaf(l, in, nn.LeafInfo{Type: "Lax", Out: in.Shape}), nil
}

// A LeNet layer's bad-input panic is an *nn.ShapeError, so nn.Run returns
// it as an error like nn's own layers', instead of letting it escape.
func TestLayerPanicIsShapeError(t *testing.T) {
	x := nn.NewTensor(1, 3, 4, 4)
	for _, tc := range []struct {
		m    nn.Module
		want string
	}{
		{NewSubsampling("s2", 6), "s2: input [1 3 4 4], want (N, 6, H, W)"},
		{NewPartialConv2D("c3", 6, 5, C3Table()), "c3: input [1 3 4 4], want (N, 6, H, W)"},
		{NewRBF("output", 84, 10), "output: input [1 3 4 4], want 84 values per sample"},
	} {
		nn.InitParams(tc.m, nn.NewRNG(1))
		assert.PanicsWithError(t, "lenet: "+tc.want, func() { tc.m.Forward(nn.Eval, x) })
		_, err := nn.Run(lax{tc.m}, nn.Eval, x)
		var se *nn.ShapeError
		require.True(t, errors.As(err, &se), "%s: %v (%T)", tc.m.Name(), err, err)
		assert.Equal(t, tc.m.Name(), se.Path)
		assert.Equal(t, tc.want, err.Error())
	}
}
