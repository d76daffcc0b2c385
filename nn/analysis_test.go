package nn

import (
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Simonyan & Zisserman 2015 §2.3: "a stack of two 3×3 conv. layers (without
// spatial pooling in between) has an effective receptive field of 5×5;
// three such layers have a 7×7 effective receptive field", with
// 2·(3²C²) = 18C² and 3·(3²C²) = 27C² weights against 5²C² = 25C² and
// 7²C² = 49C².
func TestStackedThreeByThree(t *testing.T) {
	const C = 64
	for _, tc := range []struct {
		name        string
		stack       int
		wantRF      int
		wantW, bigW int64
		bigK        int
	}{
		{"two 3×3 ≡ one 5×5", 2, 5, 18 * C * C, 25 * C * C, 5},
		{"three 3×3 ≡ one 7×7", 3, 7, 27 * C * C, 49 * C * C, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var layers []Module
			for i := 0; i < tc.stack; i++ {
				layers = append(layers, NewConv2D("conv", C, C, 3, Pad(1), NoBias()))
			}
			r, err := Analyze(Seq("", layers...), Shape{C, 32, 32})
			require.NoError(t, err)
			assert.Equal(t, tc.wantRF, r.RF.Size, "receptive field of %d stacked 3×3 convs", tc.stack)
			assert.Equal(t, tc.wantW, r.Params, "weights of %d stacked 3×3 convs (no bias)", tc.stack)
			big, err := Analyze(NewConv2D("big", C, C, tc.bigK, Pad(tc.bigK/2), NoBias()), Shape{C, 32, 32})
			require.NoError(t, err)
			assert.Equal(t, tc.wantRF, big.RF.Size)
			assert.Equal(t, tc.bigW, big.Params, "weights of one %d×%d conv", tc.bigK, tc.bigK)
		})
	}
}

// Veit, Wilber & Belongie 2016 §4: n residual blocks with identity
// shortcuts give 2^n paths whose lengths (in blocks) are binomially
// distributed: C(n, k) paths pass through k residual branches. Here a
// branch has two weighted layers, so k branches are 2k layers.
func TestResidualPathsBinomial(t *testing.T) {
	for _, n := range []int{1, 3, 10, 54, 100} {
		var blocks []Module
		for i := 0; i < n; i++ {
			branch := Seq("", NewConv2D("conv1", 8, 8, 3, Pad(1)), NewReLU("relu"), NewConv2D("conv2", 8, 8, 3, Pad(1)))
			blocks = append(blocks, NewResidual("block", branch, nil, NewReLU("relu")))
		}
		r, err := Analyze(Seq("", blocks...), Shape{8, 8, 8})
		require.NoError(t, err)
		want := new(big.Int).Lsh(big.NewInt(1), uint(n))
		assert.Equal(t, want.String(), r.PathCount().String(), "paths through %d blocks", n)
		for k := 0; k <= n; k++ {
			got := r.Paths[2*k]
			assert.Equal(t, new(big.Int).Binomial(int64(n), int64(k)).String(), got.String(), "paths through %d of %d branches", k, n)
		}
		assert.Equal(t, 2*n, r.Depth, "depth: the longest path passes every branch")
	}
}

// A window that does not tile gives a note (PyTorch floors); a network
// that cannot run gives an error naming the layer and the arithmetic.
func TestNotesAndErrors(t *testing.T) {
	alex := func(in int) Module {
		return Seq("",
			NewConv2D("conv1", 3, 96, 11, Stride(4)),
			NewMaxPool2D("pool1", 3, Stride(2)),
			NewFlatten("flatten"),
			NewLinear("fc", 96*26*26, 10))
	}
	r, err := Analyze(alex(224), Shape{3, 224, 224})
	require.NoError(t, err)
	assert.Contains(t, r.Notes, "conv1: (224+2·0−11)/4+1 = 54.25 → 54: the last pixel row and column are never read")

	_, err = Analyze(alex(227), Shape{3, 227, 227})
	require.Error(t, err)
	assert.Equal(t, "fc: expects 64,896 inputs, receives 69,984 (= 96×27×27)", err.Error())

	for _, tc := range []struct {
		name string
		m    Module
		in   Shape
		want string
	}{
		{"kernel larger than padded input", NewConv2D("conv1", 3, 8, 11, Stride(4)), Shape{3, 8, 8}, "conv1: kernel 11 is larger than the padded input 8+2·0 = 8"},
		{"dilated kernel", NewConv2D("c", 3, 8, 3, Dilation(4)), Shape{3, 8, 8}, "c: kernel 3 (dilated to 9) is larger than the padded input 8+2·0 = 8"},
		{"channel mismatch", NewConv2D("conv2", 48, 128, 5, Pad(2)), Shape{96, 27, 27}, "conv2: expects 48 input channels, receives 96"},
		{"residual mismatch", NewResidual("block", NewConv2D("conv", 8, 16, 3, Pad(1)), nil, nil), Shape{8, 4, 4}, "block: residual branch gives 16×4×4 but the shortcut gives 8×4×4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Analyze(tc.m, tc.in)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.want), "got %q, want prefix %q", err, tc.want)
		})
	}
}

func TestCeilModeSizes(t *testing.T) {
	// GoogLeNet (Szegedy et al. 2015, Table 1) needs ceil mode: 112 → 56 with 3×3/2.
	for _, tc := range []struct {
		in, want int
		ceil     bool
	}{
		{112, 56, true}, {112, 55, false}, {56, 28, true}, {28, 14, true}, {14, 7, true},
		{110, 55, true}, {55, 27, false}, {13, 6, false},
	} {
		var opts []Opt
		opts = append(opts, Stride(2))
		if tc.ceil {
			opts = append(opts, CeilMode())
		}
		r, err := Analyze(NewMaxPool2D("pool", 3, opts...), Shape{1, tc.in, tc.in})
		require.NoError(t, err)
		assert.Equal(t, tc.want, r.Output[1], "3×3/2 pool on %d (ceil=%v)", tc.in, tc.ceil)
	}
}

// TestRowModule: a row carries its leaf, so callers ask what a row is by
// Go type (row.Module.(*Conv2D)) and never by the printed label.
func TestRowModule(t *testing.T) {
	conv, relu, fc := NewConv2D("conv", 1, 2, 3), NewReLU("relu"), NewLinear("fc", 2*3*3, 4)
	r, err := Analyze(Seq("net", conv, relu, NewFlatten("flat"), fc), Shape{1, 5, 5})
	require.NoError(t, err)
	require.Len(t, r.Rows, 4)
	for i, want := range []Module{conv, relu, r.Rows[2].Module, fc} {
		assert.Same(t, want, r.Rows[i].Module, "row %d (%s)", i, r.Rows[i].Name)
	}
	_, isConv := r.Rows[0].Module.(*Conv2D)
	_, isFlatten := r.Rows[2].Module.(*Flatten)
	assert.True(t, isConv && isFlatten, "rows hold the leaves' own types")
}
