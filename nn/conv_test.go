package nn

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// convCase is an awkward convolution shape: each exercises one corner of
// the im2col + GEMM path (stride, dilation, groups, padding, 1×1 skip,
// non-square, batch, parallel chunks).
type convCase struct {
	name          string
	in, out, k    int
	opts          []Opt
	n, h, w       int
	skipGradCheck bool // too big for finite differences of every vector
}

var convCases = []convCase{
	// AlexNet conv1's geometry (11×11, stride 4) on a small 27×27 input.
	{name: "11×11 stride 4 on 27×27", in: 3, out: 4, k: 11, opts: []Opt{Stride(4)}, n: 2, h: 27, w: 27},
	{name: "3×3 dilation 2", in: 3, out: 5, k: 3, opts: []Opt{Dilation(2), Pad(2)}, n: 1, h: 9, w: 8},
	{name: "groups 2 (AlexNet's two GPUs)", in: 4, out: 6, k: 3, opts: []Opt{Groups(2), Pad(1)}, n: 2, h: 6, w: 6},
	{name: "depthwise (groups = channels), multiplier 2", in: 4, out: 8, k: 3, opts: []Opt{Groups(4), Pad(1), Stride(2)}, n: 2, h: 7, w: 7},
	{name: "depthwise 5×5 dilation 2, stride 3×2, pad 3×1", in: 3, out: 3, k: 5, opts: []Opt{Groups(3), Dilation(2), Stride2(3, 2), Pad2(3, 1)}, n: 2, h: 9, w: 8},
	{name: "depthwise 1×1 stride 2", in: 2, out: 4, k: 1, opts: []Opt{Groups(2), Stride(2)}, n: 1, h: 5, w: 6},
	// One input channel takes the depthwise loops too (LeNet-5's C1 is
	// 1→6 with 5×5 kernels, LeCun et al. 1998 §II.B; here on 14×14).
	{name: "one input channel (LeNet C1)", in: 1, out: 6, k: 5, n: 2, h: 14, w: 14},
	{name: "1×1 (skips im2col)", in: 5, out: 3, k: 1, n: 2, h: 7, w: 6},
	{name: "1×1 stride 2 (ResNet projection)", in: 4, out: 6, k: 1, opts: []Opt{Stride(2), NoBias()}, n: 2, h: 7, w: 7},
	{name: "3×5 kernel on 7×10, stride 2×1, pad 1×2", in: 2, out: 3, k: 3, opts: []Opt{Kernel(3, 5), Stride2(2, 1), Pad2(1, 2)}, n: 1, h: 7, w: 10},
	{name: "7×7 stride 2 pad 3 (ResNet stem)", in: 3, out: 4, k: 7, opts: []Opt{Stride(2), Pad(3)}, n: 1, h: 10, w: 10},
	{name: "batch 3, 5×5 pad 2 (LeNet-ish)", in: 2, out: 3, k: 5, opts: []Opt{Pad(2)}, n: 3, h: 8, w: 8},
	{name: "groups 2 dilation 2 stride 2 non-square", in: 4, out: 4, k: 3, opts: []Opt{Groups(2), Dilation(2), Stride2(2, 3), Pad2(2, 1)}, n: 2, h: 9, w: 11},
	// Big enough per image (2·32·288·256 ≈ 4.7 MFLOP) that the batch is
	// split across goroutines, each with its own column buffer and weight-
	// gradient accumulator.
	{name: "parallel chunks: batch 4, 32→32 3×3 on 16×16", in: 32, out: 32, k: 3, opts: []Opt{Pad(1)}, n: 4, h: 16, w: 16, skipGradCheck: true},
}

// maxNormErr is max_i |got_i − want_i| / max_i |want_i|.
func maxNormErr(got, want []float32) float64 {
	var d, m float64
	for i := range want {
		d = max(d, math.Abs(float64(got[i])-float64(want[i])))
		m = max(m, math.Abs(float64(want[i])))
	}
	if m == 0 {
		return d
	}
	return d / m
}

// fastVsRefTol bounds the max-normalised difference between the float32
// GEMM path and the float64 reference: a K-term float32 dot product errs
// by about √K·2^−24 relative to its terms' size, ≲ 2e-6 for the K ≤ 363
// here; 1e-5 leaves a 5× margin and still catches any wrong tap (O(1)).
const fastVsRefTol = 1e-5

// The GEMM path agrees with the nested-loop reference (forward and all
// three gradients) on every awkward shape.
func TestConv2DFastVsReference(t *testing.T) {
	for i, tc := range convCases {
		t.Run(tc.name, func(t *testing.T) {
			l := NewConv2D("conv", tc.in, tc.out, tc.k, tc.opts...)
			initParams(l, uint64(100+i))
			x := randInput(uint64(200+i), tc.n, tc.in, tc.h, tc.w)
			y, err := Run(l, Eval, x)
			require.NoError(t, err)
			var b []float32
			if l.Bias != nil {
				b = l.Bias.Data
			}
			want := Conv2DReference(l, x, l.Weight.Data, b)
			require.Equal(t, want.Shape, y.Shape, "output shape")
			r, err := Analyze(l, x.Sample())
			require.NoError(t, err)
			assert.Equal(t, append([]int{tc.n}, r.Output...), y.Shape, "Forward's shape against Analyze's")
			assertMaxNorm(t, y.Data, want.Data, "y")

			dy := randInput(uint64(300+i), y.Shape...)
			ZeroGrad(l)
			dx := l.Backward(dy)
			wdx, wdW, wdB := Conv2DBackwardReference(l, x, l.Weight.Data, dy)
			assertMaxNorm(t, dx.Data, wdx.Data, "dx")
			assertMaxNorm(t, l.Weight.Grad, wdW, "dW")
			if l.Bias != nil {
				assertMaxNorm(t, l.Bias.Grad, wdB, "dB")
			}

			// A second Forward/Backward reuses the scratch buffers and
			// accumulates (+=) into the gradients.
			y2 := l.Forward(Eval, x)
			assert.Equal(t, y.Data, y2.Data, "a second Forward (reused buffers) gives the same output")
			l.Backward(dy)
			for i := range wdW {
				wdW[i] *= 2
			}
			assertMaxNorm(t, l.Weight.Grad, wdW, "dW after two Backwards (+=)")
		})
	}
}

func assertMaxNorm(t *testing.T, got, want []float32, what string) {
	t.Helper()
	require.Equal(t, len(want), len(got), "%s: length", what)
	if e := maxNormErr(got, want); e > fastVsRefTol {
		t.Errorf("%s: max-normalised difference from the reference got %.3g, want ≤ %.g", what, e, fastVsRefTol)
	}
}

// Finite differences against the fast path's Backward (input, weight,
// bias), each with its 1.01 negative control.
func TestConv2DGradients(t *testing.T) {
	for i, tc := range convCases {
		if tc.skipGradCheck {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			l := NewConv2D("conv", tc.in, tc.out, tc.k, tc.opts...)
			initParams(l, uint64(400+i))
			checkGrad(t, l, randInput(uint64(500+i), tc.n, tc.in, tc.h, tc.w), true)
		})
	}
}

// A channel mismatch is an error from Run (Analyze names the layer and
// the counts) and a panic with the same facts from a bare Forward.
func TestConv2DChannelMismatch(t *testing.T) {
	l := NewConv2D("conv2", 48, 128, 5, Pad(2))
	initParams(l, 1)
	x := NewTensor(1, 96, 27, 27)
	_, err := Run(l, Eval, x)
	require.Error(t, err)
	assert.Equal(t, "conv2: expects 48 input channels, receives 96 (input 96×27×27)", err.Error())
	assert.PanicsWithError(t, "nn: conv2: expects 48 input channels, receives 96 (input shape [1 96 27 27])", func() {
		l.Forward(Eval, x)
	})
	assert.Panics(t, func() { l.Forward(Eval, NewTensor(48, 27, 27)) }, "a 3-D tensor has no batch axis")
	defer func() {
		r := recover()
		require.NotNil(t, r)
		assert.True(t, strings.Contains(r.(*ShapeError).Error(), "expects an (N, C, H, W) tensor"), "got %q", r)
	}()
	l.Forward(Eval, NewTensor(48, 27, 27))
}

// A kernel larger than its padded input panics in Forward even when the
// formula's truncating division would round the negative span up to one
// output pixel: 3×3 stride 2 on 2×2 gives (2−3)/2+1 = 0+1 in Go integers.
// PyTorch raises here; so does Analyze.
func TestConv2DKernelLargerThanInput(t *testing.T) {
	l := NewConv2D("c", 1, 1, 3, Stride(2))
	initParams(l, 1)
	x := NewTensor(1, 1, 2, 2)
	_, err := Run(l, Eval, x)
	require.Error(t, err)
	assert.PanicsWithError(t, "nn: c: the 3×3 kernel (dilation 1×1) does not fit the padded 2×2 input (padding 0×0)", func() {
		l.Forward(Eval, x)
	})
}

// After the first pass a layer reuses its column buffers: a steady-state
// Forward allocates its output and not the (In·9)×(H·W) column matrix
// (589,824 bytes here, per concurrent chunk); Backward allocates dx only.
func TestConv2DReusesScratch(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocations")
	}
	l := NewConv2D("conv", 16, 16, 3, Pad(1))
	initParams(l, 1)
	x := randInput(1, 2, 16, 32, 32)
	const outBytes = 2 * 16 * 32 * 32 * 4 // y and dx: 131,072 bytes each
	const colBytes = 16 * 9 * 32 * 32 * 4
	y := l.Forward(Eval, x)
	l.Backward(y)
	const runs = 8
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		l.Forward(Eval, x)
	}
	runtime.ReadMemStats(&after)
	if got := (after.TotalAlloc - before.TotalAlloc) / runs; got > outBytes+colBytes/4 {
		t.Errorf("Forward allocates %d bytes per call, want ≈ %d (the output only; a column buffer is %d)", got, outBytes, colBytes)
	}
	runtime.ReadMemStats(&before)
	for range runs {
		l.Backward(y)
	}
	runtime.ReadMemStats(&after)
	if got := (after.TotalAlloc - before.TotalAlloc) / runs; got > outBytes+colBytes/4 {
		t.Errorf("Backward allocates %d bytes per call, want ≈ %d (dx only; a column buffer is %d)", got, outBytes, colBytes)
	}
}

// A frozen weight (fine-tuning only the head) gets no gradient, and dx is
// unchanged; an uninitialised weight is a clear panic, not an index error.
func TestConvFrozenAndUninitialised(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    func() (Module, *Param)
	}{
		{"conv 3×3 (GEMM)", func() (Module, *Param) { l := NewConv2D("conv", 4, 4, 3, Pad(1)); return l, l.Weight }},
		{"conv depthwise", func() (Module, *Param) { l := NewConv2D("conv", 4, 4, 3, Pad(1), Groups(4)); return l, l.Weight }},
		{"conv 1×1", func() (Module, *Param) { l := NewConv2D("conv", 4, 4, 1); return l, l.Weight }},
		{"transposed", func() (Module, *Param) { l := NewConvTranspose2D("conv", 4, 4, 3, Stride(2)); return l, l.Weight }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, w := tc.m()
			assert.PanicsWithValue(t, "nn: conv: weight is not initialised (call InitParams or load weights)", func() {
				m.Forward(Eval, randInput(1, 2, 4, 5, 5))
			})
			initParams(m, 1)
			x := randInput(1, 2, 4, 5, 5)
			y := m.Forward(Eval, x)
			dy := randInput(2, y.Shape...)
			want := m.Backward(dy)
			w.Frozen, w.Grad = true, nil
			got := m.Backward(dy)
			assert.Nil(t, w.Grad, "a frozen weight has no gradient")
			assert.Equal(t, want.Data, got.Data, "dx does not depend on the weight being trainable")
		})
	}
	l := NewConvTranspose2D("deconv", 4, 3, 3)
	initParams(l, 1)
	assert.PanicsWithError(t, "nn: deconv: expects 4 input channels, receives 3 (input shape [1 3 5 5])", func() {
		l.Forward(Eval, NewTensor(1, 3, 5, 5))
	})
}
