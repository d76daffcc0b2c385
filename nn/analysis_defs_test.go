package nn

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The analysis definitions, each on a small network whose every count is
// written out below as the arithmetic of its layers (not as a total):
//
//   - parameters: total = everything the model holds, auxiliary heads and
//     frozen tensors included, buffers (BatchNorm running statistics)
//     excluded; trainable = total − frozen; inference = total − auxiliary
//     heads (the eval graph);
//   - MACs: conv Out·OH·OW·(In/G)·KH·KW and linear In·Out, biases
//     excluded, eval graph only;
//   - activations: float32 elements of every leaf's output at batch 1,
//     the input excluded, in-place ReLU/Dropout excluded, and Flatten
//     excluded too (a view of its input, like torch.flatten: no new
//     storage); bytes = 4 × elements;
//   - depth: conv and linear layers on the longest path of the eval graph
//     (BatchNorm, pools and activations are not counted, which is how
//     ResNet-18 gets its 18);
//   - receptive field (Araujo et al. 2019): read at the first global
//     pool, flatten or linear layer of the eval graph.
func TestAnalysisDefinitions(t *testing.T) {
	aux := NewAux("aux", Seq("", NewGlobalAvgPool("pool"), NewFlatten("flatten"), NewLinear("fc", 4, 3)))
	fc2 := NewLinear("fc2", 10, 6)
	fc2.Weight.Frozen = true // like LeNet-5's fixed RBF centres
	net := Seq("net",
		NewConv2D("conv1", 3, 4, 3, Pad(1)), // 3×8×8 → 4×8×8
		NewBatchNorm2D("bn1", 4),
		NewReLU("relu1"),
		aux,
		NewMaxPool2D("pool1", 2), // → 4×4×4
		NewConv2D("conv2", 4, 8, 3, Pad(1), Groups(2), NoBias()), // → 8×4×4, 2 groups
		NewFlatten("flatten"), // → 128
		NewLinear("fc1", 128, 10),
		NewTanh("tanh"),
		NewDropout("drop", 0.5),
		fc2)
	r, err := Analyze(net, Shape{3, 8, 8})
	require.NoError(t, err)

	const (
		conv1  = 4*3*3*3 + 4 // weight (4, 3, 3, 3) + bias
		bn1    = 4 + 4       // γ, β; running_mean and running_var are buffers
		auxFC  = 4*3 + 3
		conv2  = 8 * (4 / 2) * 3 * 3 // (Out, In/G, 3, 3), no bias
		fc1    = 128*10 + 10
		fc2W   = 10 * 6 // frozen
		fc2All = fc2W + 6
	)
	assert.Equal(t, int64(conv1+bn1+auxFC+conv2+fc1+fc2All), r.Params, "params: every tensor but buffers, aux head and frozen included")
	assert.Equal(t, int64(conv1+bn1+auxFC+conv2+fc1+fc2All-fc2W), r.Trainable, "trainable: the frozen weight excluded")
	assert.Equal(t, int64(conv1+bn1+conv2+fc1+fc2All), r.InferenceParams, "inference: the auxiliary head excluded")

	const (
		macsConv1 = 4 * 8 * 8 * 3 * 3 * 3       // Out·OH·OW·In·KH·KW
		macsConv2 = 8 * 4 * 4 * (4 / 2) * 3 * 3 // Out·OH·OW·(In/G)·KH·KW
		macsFC1   = 128 * 10
		macsFC2   = 10 * 6
	)
	assert.Equal(t, int64(macsConv1+macsConv2+macsFC1+macsFC2), r.MACs, "MACs: conv and linear, biases and the aux head excluded")

	const acts = 4*8*8 + // conv1
		4*8*8 + // bn1 (relu1 is in place)
		4*4*4 + // pool1
		8*4*4 + // conv2 (flatten is a view)
		10 + // fc1
		10 + // tanh (drop is in place)
		6 // fc2
	assert.Equal(t, int64(acts), r.Activations, "activations: leaf outputs at batch 1, input %d and in-place outputs excluded", 3*8*8)
	assert.Equal(t, int64(4*acts), r.ActivationBytes(), "float32: 4 bytes each")

	assert.Equal(t, 4, r.Depth, "depth: conv1, conv2, fc1, fc2 (BN, pool, activations and the aux head not counted)")
	assert.Equal(t, "1", r.PathCount().String(), "a chain has one path")

	// conv1 3×3/1 p1: r = 1 + 2·1 = 3, J = 1, P = 1; pool1 2×2/2: r = 3 + 1·1 = 4,
	// J = 2, P = 1; conv2 3×3/1 p1: r = 4 + 2·2 = 8, J = 2, P = 1 + 1·2 = 3.
	assert.Equal(t, RF{Size: 8, Stride: 2, Padding: 3}, r.RF, "RF read at flatten (the aux head's global pool is training-only)")

	rows := map[string]Row{}
	for _, row := range r.Rows {
		rows[row.Name] = row
	}
	for name, want := range map[string]int64{"conv1": 4 * 8 * 8, "bn1": 4 * 8 * 8, "relu1": 0, "flatten": 0, "tanh": 10, "drop": 0, "aux.fc": 0} {
		assert.Equal(t, want, rows[name].Acts, "activations of %s", name)
	}
	assert.True(t, rows["aux.fc"].TrainOnly, "aux.fc is training-only")
	assert.Zero(t, rows["aux.fc"].MACs, "aux.fc's MACs are not in the eval graph")
	assert.Equal(t, int64(auxFC), rows["aux.fc"].Params, "aux.fc's parameters are still listed")
}

// Through branches the receptive field is the largest branch's (with its
// padding), the depth the longest branch's, and the paths add up.
func TestAnalysisThroughBranches(t *testing.T) {
	// A stem 3×3/2 p1 (r = 3, J = 2, P = 1), then a join of parallel branches.
	net := Seq("",
		NewConv2D("stem", 3, 4, 3, Stride(2), Pad(1)),
		NewParallel("mix", JoinConcat,
			NewConv2D("b1", 4, 2, 1),                                                     // r = 3
			NewConv2D("b2", 4, 2, 3, Pad(1)),                                             // r = 3 + 2·2 = 7
			Seq("b3", NewConv2D("0", 4, 2, 1), NewConv2D("1", 2, 2, 5, Pad(2))),          // r = 3 + 4·2 = 11, P = 1 + 2·2 = 5
			Seq("b4", NewMaxPool2D("0", 3, Stride(1), Pad(1)), NewConv2D("1", 4, 2, 1))), // r = 7
		NewGlobalAvgPool("pool"))
	r, err := Analyze(net, Shape{3, 16, 16})
	require.NoError(t, err)
	assert.Equal(t, RF{Size: 11, Stride: 2, Padding: 5}, r.RF, "the largest branch's receptive field (b3)")
	assert.Equal(t, 3, r.Depth, "stem + the two convs of b3")
	// Path polynomial: stem x times the branches x + x + x² + x.
	assert.Equal(t, "4", r.PathCount().String())
	assert.Equal(t, "3", r.Paths[2].String(), "paths through 2 weighted layers: b1, b2, b4")
	assert.Equal(t, "1", r.Paths[3].String(), "paths through 3 weighted layers: b3")

	// Dilation: a 3×3 kernel with dilation 2 spans 5 pixels: r = 1 + 4 = 5, then 9.
	r, err = Analyze(Seq("", NewConv2D("a", 1, 1, 3, Dilation(2), Pad(2)), NewConv2D("b", 1, 1, 3, Dilation(2), Pad(2))), Shape{1, 16, 16})
	require.NoError(t, err)
	assert.Equal(t, RF{Size: 9, Stride: 1, Padding: 4}, r.RF, "two dilated 3×3 convs")

	// Branches whose outputs have the same shape but different effective
	// strides still run: a note (one RF triple cannot describe both), the
	// largest branch's receptive field kept, never an error.
	r, err = Analyze(NewParallel("mix", JoinSum,
		NewConv2D("s2", 1, 1, 1, Stride(2)),       // 8 → 4, r = 1, J = 2
		NewConv2D("k5", 1, 1, 5)), Shape{1, 8, 8}) // 8 → 4, r = 5, J = 1
	require.NoError(t, err)
	assert.Equal(t, RF{Size: 5, Stride: 1}, r.RF)
	assert.Contains(t, r.Notes, "mix: branches reach the join with different effective strides (2 and 1): the receptive field kept is the largest branch's")

	// Vectors concatenate along their one axis, as Forward does.
	heads := NewParallel("heads", JoinConcat, NewLinear("a", 5, 3), NewLinear("b", 5, 2))
	r, err = Analyze(heads, Shape{5})
	require.NoError(t, err)
	assert.Equal(t, Shape{3 + 2}, r.Output)
	initParams(heads, 1)
	assert.Equal(t, []int{4, 3 + 2}, heads.Forward(Eval, randInput(2, 4, 5)).Shape, "Forward agrees with Analyze")
}

// Paths as big integers: n joins of a one-layer and a two-layer branch
// give (x + x²)^n, 2^n paths, C(n, k) of them n + k layers long; and a
// dense block of L one-conv layers gives (1 + x)^L: each earlier output
// is either passed through a layer or not. Both beyond 2^64.
func TestPathsBigIntegers(t *testing.T) {
	const n = 70
	var blocks []Module
	for i := 0; i < n; i++ {
		blocks = append(blocks, NewParallel(fmt.Sprint(i), JoinMean,
			NewConv2D("a", 2, 2, 3, Pad(1)),
			Seq("b", NewConv2D("0", 2, 2, 3, Pad(1)), NewConv2D("1", 2, 2, 3, Pad(1)))))
	}
	r, err := Analyze(Seq("", blocks...), Shape{2, 4, 4})
	require.NoError(t, err)
	want := new(big.Int).Lsh(big.NewInt(1), n)
	assert.Equal(t, want.String(), r.PathCount().String(), "2^%d paths", n)
	for k := 0; k <= n; k++ {
		assert.Equal(t, new(big.Int).Binomial(n, int64(k)).String(), r.Paths[n+k].String(), "paths of length %d", n+k)
	}
	assert.Equal(t, 2*n, r.Depth)

	const L = 66
	layers := make([]Module, L)
	for i := range layers {
		layers[i] = NewConv2D(fmt.Sprintf("denselayer%d", i+1), 1+i, 1, 3, Pad(1))
	}
	r, err = Analyze(NewDenseConcat("block", layers...), Shape{1, 4, 4})
	require.NoError(t, err)
	assert.Equal(t, new(big.Int).Lsh(big.NewInt(1), L).String(), r.PathCount().String(), "a dense block of %d layers", L)
	assert.Equal(t, new(big.Int).Binomial(L, L/2).String(), r.Paths[L/2].String())
	assert.Equal(t, L, r.Depth, "the longest path runs through every layer")
	assert.Equal(t, Shape{1 + L, 4, 4}, r.Output)
}

// A window that does not tile its input is a note saying what is never
// read, pixels or padding, per axis when the axes differ; never an error.
func TestTilingNotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Module
		in   Shape
		want string
	}{
		{"pixels (AlexNet conv1 on 224)", NewConv2D("conv1", 3, 96, 11, Stride(4)), Shape{3, 224, 224},
			"conv1: (224+2·0−11)/4+1 = 54.25 → 54: the last pixel row and column are never read"},
		{"padding only (ResNet conv1)", NewConv2D("conv1", 3, 64, 7, Stride(2), Pad(3)), Shape{3, 224, 224},
			"conv1: (224+2·3−7)/2+1 = 112.5 → 112: the last padding row and column are never read (no pixel is lost)"},
		{"three pixels", NewConv2D("c", 1, 1, 5, Stride(4)), Shape{1, 12, 12},
			"c: (12+2·0−5)/4+1 = 2.75 → 2: the last 3 pixel rows and columns are never read"},
		{"padding and pixel", NewConv2D("c", 1, 1, 2, Stride(4), Pad(1)), Shape{1, 10, 10},
			"c: (10+2·1−2)/4+1 = 3.5 → 3: the last 1 padding and 1 pixel rows and columns are never read"},
		{"height only", NewConv2D("conv1", 3, 96, 11, Stride(4)), Shape{3, 224, 227},
			"conv1: height (224+2·0−11)/4+1 = 54.25 → 54: the last pixel row is never read"},
		{"ceil mode (GoogLeNet)", NewMaxPool2D("pool", 3, Stride(2), CeilMode()), Shape{64, 112, 112},
			"pool: (112+2·0−3)/2+1 = 55.5 → 56 (ceil mode): the last window reads only 2 of its 3 rows and columns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Analyze(tc.m, tc.in)
			require.NoError(t, err, "a window that does not tile is a note, not an error")
			assert.Equal(t, []string{tc.want}, r.Notes)
		})
	}
	// A window that tiles gives no note: AlexNet's conv1 on 227.
	r, err := Analyze(NewConv2D("conv1", 3, 96, 11, Stride(4)), Shape{3, 227, 227})
	require.NoError(t, err)
	assert.Empty(t, r.Notes, "(227−11)/4+1 = 55 exactly")
}

// Only what cannot run is an error, and it names the layer and the
// arithmetic; no input makes the analysis panic.
func TestAnalysisErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Module
		in   Shape
		want string
	}{
		// The example: fc6 built for 256·6·6 = 9,216 fed 256·7·7.
		{"linear fed the wrong count", Seq("", NewFlatten("flatten"), NewLinear("fc6", 9216, 4096)), Shape{256, 7, 7},
			"fc6: expects 9,216 inputs, receives 12,544 (= 256×7×7)"},
		{"kernel larger than the padded input", NewConv2D("conv5", 3, 8, 5, Pad(1)), Shape{3, 2, 2},
			"conv5: kernel 5 is larger than the padded input 2+2·1 = 4"},
		{"channel mismatch", NewConv2D("conv1", 1, 6, 5), Shape{3, 32, 32},
			"conv1: expects 1 input channel, receives 3 (input 3×32×32)"},
		{"batch norm channels", NewBatchNorm2D("bn1", 64), Shape{32, 8, 8}, "bn1: expects 64 channels, receives 32"},
		{"empty input shape", NewReLU("relu"), Shape{}, "relu: empty input shape"},
		{"zero-sized input", NewConv2D("conv1", 3, 8, 3), Shape{3, 0, 8}, "conv1: input shape 3×0×8: every axis needs at least 1 element"},
		{"negative input", NewReLU("relu"), Shape{-3, 4, 4}, "relu: input shape -3×4×4: every axis needs at least 1 element"},
		{"conv on a vector", NewConv2D("conv", 3, 8, 3), Shape{12}, "conv: expects a C×H×W feature map, got 12"},
		{"adaptive pool to 0×0", NewAdaptiveAvgPool2D("pool", 0, 0), Shape{3, 4, 4}, "pool: output size 0×0: both sides must be at least 1"},
		{"option A with stride 0", NewZeroPadShortcut("downsample", 2, 4, 0), Shape{2, 4, 4}, "downsample: stride 0: must be at least 1"},
		{"LRN of size 0", NewLocalResponseNorm("lrn", 0, 1e-4, 0.75, 2), Shape{3, 4, 4}, "lrn: window of 0 channels: must be at least 1"},
		{"pool padding over half the kernel", NewMaxPool2D("pool", 3, Pad(2)), Shape{3, 8, 8}, "pool: padding 2 should be at most half the kernel 3"},
		{"no branches", NewParallel("mix", JoinConcat), Shape{3, 4, 4}, "mix: no branches"},
		{"concat spatial mismatch", NewParallel("mix", JoinConcat, NewConv2D("a", 3, 2, 3), NewConv2D("b", 3, 2, 1)), Shape{3, 4, 4},
			"mix: cannot concatenate branch b (2×4×4) with branch a (2×2×2)"},
		{"residual mismatch", NewResidual("block", NewConv2D("conv", 8, 16, 3, Pad(1)), nil, nil), Shape{8, 4, 4},
			"block: residual branch gives 16×4×4 but the shortcut gives 8×4×4"},
		{"survival 0", &Residual{Base: Base{"block"}, Branch: NewReLU("relu")}, Shape{8, 4, 4}, "block: survival probability 0 is not in (0, 1]"},
		{"dense layer changes the size", NewDenseConcat("block", NewConv2D("denselayer1", 2, 2, 3)), Shape{2, 5, 5},
			"block: layer denselayer1 gives 2×3×3: a dense layer must keep the 5×5 size"},
		{"unpool smaller than its input", NewMaxUnpool2D("unpool", nil, 2, 2), Shape{1, 3, 3}, "unpool: output 2×2 is smaller than the input 3×3"},
		{"avg pool dilation", NewAvgPool2D("pool", 3, Dilation(2)), Shape{1, 9, 9}, "pool: an average pool has no dilation (got 2×2)"},
		{"conv with stride 0", NewConv2D("conv", 1, 1, 3, Stride(0)), Shape{1, 9, 9}, "conv: invalid window: kernel 3, stride 0"},
		{"transposed conv with stride 0", NewConvTranspose2D("deconv", 1, 1, 3, Stride(0)), Shape{1, 4, 4},
			"deconv: invalid window: kernel 3×3, stride 0×0"},
		{"transposed conv with an empty output", NewConvTranspose2D("deconv", 1, 1, 1, Pad(1)), Shape{1, 1, 1},
			"deconv: output height (1−1)·1 − 2·1 + 1·(1−1) + 0 + 1 = -1 is empty"},
		{"transposed conv output_padding", NewConvTranspose2D("deconv", 1, 1, 3, Stride(2), OutputPadding(2)), Shape{1, 4, 4},
			"deconv: output_padding 2 must be smaller than the stride 2 or the dilation 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = Analyze(tc.m, tc.in) })
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.want), "got %q, want prefix %q", err, tc.want)
		})
	}
}

// Run checks before it runs: a bad tensor or a batch that BatchNorm cannot
// take statistics of is an error, never a panic.
func TestRunNeverPanics(t *testing.T) {
	bn := NewBatchNorm2D("bn1", 2)
	InitParams(bn, NewRNG(1))
	for _, tc := range []struct {
		name string
		m    Module
		c    *Ctx
		x    *Tensor
		want string
	}{
		{"no batch axis", bn, Eval, &Tensor{Shape: []int{2}, Data: make([]float32, 2)}, "bn1: input needs a batch axis"},
		{"nil tensor", bn, Eval, nil, "bn1: input needs a batch axis"},
		{"data shorter than the shape", bn, Eval, &Tensor{Shape: []int{1, 2, 3, 3}, Data: make([]float32, 17)},
			"bn1: input shape [1 2 3 3] needs 18 values, the tensor holds 17"},
		{"wrong channels", bn, Eval, NewTensor(1, 3, 2, 2), "bn1: expects 2 channels, receives 3"},
		{"batch statistics of one value", bn, &Ctx{Train: true}, NewTensor(1, 2, 1, 1),
			"bn1: BatchNorm2D needs more than 1 value per channel in training"},
		{"unpool before its pool ran", NewMaxUnpool2D("unpool", NewMaxPool2D("pool", 2), 4, 4), Eval, NewTensor(1, 1, 2, 2),
			"unpool: MaxUnpool2D has no switches"},
		{"uninitialised", NewConv2D("conv1", 1, 1, 3), Eval, NewTensor(1, 1, 4, 4), "conv1: weight is not initialised"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = Run(tc.m, tc.c, tc.x) })
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tc.want), "got %q, want prefix %q", err, tc.want)
		})
	}
	y, err := Run(bn, nil, NewTensor(2, 2, 3, 3))
	require.NoError(t, err, "a nil context is eval")
	assert.Equal(t, []int{2, 2, 3, 3}, y.Shape)
}
