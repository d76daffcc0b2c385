package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var convTCases = []convCase{
	// DCGAN/FCN-style 2× upsampling: 4×4 stride 2 pad 1 doubles H and W.
	{name: "4×4 stride 2 pad 1 (2× upsampling)", in: 3, out: 2, k: 4, opts: []Opt{Stride(2), Pad(1)}, n: 2, h: 4, w: 5},
	{name: "3×3 stride 2 pad 1 output_padding 1", in: 2, out: 3, k: 3, opts: []Opt{Stride(2), Pad(1), OutputPadding(1)}, n: 1, h: 4, w: 4},
	{name: "groups 2", in: 4, out: 6, k: 3, opts: []Opt{Groups(2), Stride(2)}, n: 2, h: 3, w: 4},
	{name: "depthwise", in: 3, out: 3, k: 3, opts: []Opt{Groups(3), Stride(2), Pad(1)}, n: 1, h: 4, w: 4},
	{name: "dilation 2, output_padding 1 ≥ stride 1", in: 2, out: 3, k: 3, opts: []Opt{Dilation(2), OutputPadding(1)}, n: 1, h: 4, w: 3},
	{name: "1×1 (skips col2im)", in: 5, out: 3, k: 1, opts: []Opt{NoBias()}, n: 2, h: 3, w: 4},
	{name: "3×2 kernel, stride 3×2, pad 1×0", in: 2, out: 2, k: 3, opts: []Opt{Kernel(3, 2), Stride2(3, 2), Pad2(1, 0)}, n: 2, h: 3, w: 4},
	// Zeiler & Fergus 2014's deconvnet inverts AlexNet's 11×11 stride-4 conv1.
	{name: "11×11 stride 4 (deconvnet of AlexNet conv1)", in: 4, out: 3, k: 11, opts: []Opt{Stride(4), Pad(2)}, n: 1, h: 6, w: 6},
}

func TestConvTranspose2DFastVsReference(t *testing.T) {
	for i, tc := range convTCases {
		t.Run(tc.name, func(t *testing.T) {
			l := NewConvTranspose2D("deconv", tc.in, tc.out, tc.k, tc.opts...)
			initParams(l, uint64(600+i))
			x := randInput(uint64(700+i), tc.n, tc.in, tc.h, tc.w)
			y, err := Run(l, Eval, x)
			require.NoError(t, err)
			var b []float32
			if l.Bias != nil {
				b = l.Bias.Data
			}
			want := ConvTranspose2DReference(l, x, l.Weight.Data, b)
			require.Equal(t, want.Shape, y.Shape, "output shape")
			r, err := Analyze(l, x.Sample())
			require.NoError(t, err)
			assert.Equal(t, append([]int{tc.n}, r.Output...), y.Shape, "Forward's shape against Analyze's")
			assertMaxNorm(t, y.Data, want.Data, "y")

			dy := randInput(uint64(800+i), y.Shape...)
			ZeroGrad(l)
			dx := l.Backward(dy)
			wdx, wdW, wdB := ConvTranspose2DBackwardReference(l, x, l.Weight.Data, dy)
			assertMaxNorm(t, dx.Data, wdx.Data, "dx")
			assertMaxNorm(t, l.Weight.Grad, wdW, "dW")
			if l.Bias != nil {
				assertMaxNorm(t, l.Bias.Grad, wdB, "dB")
			}
		})
	}
}

func TestConvTranspose2DGradients(t *testing.T) {
	for i, tc := range convTCases {
		t.Run(tc.name, func(t *testing.T) {
			l := NewConvTranspose2D("deconv", tc.in, tc.out, tc.k, tc.opts...)
			initParams(l, uint64(900+i))
			checkGrad(t, l, randInput(uint64(1000+i), tc.n, tc.in, tc.h, tc.w), true)
		})
	}
}

// ConvTranspose2D is the adjoint of Conv2D: with the same weight tensor
// (Conv2D's (Out, In/G, k, k) is ConvTranspose2D's (In', Out'/G, k, k) for
// In' = Out, Out' = In) and no bias, ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ for all
// x, y, when output_padding makes convᵀ's output the size of x.
func TestConvTransposeIsAdjoint(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in, out, k int
		opts       []Opt
		h, w       int
		outPad     int
	}{
		{"3×3 stride 2 pad 1 on 7×7", 4, 6, 3, []Opt{Stride(2), Pad(1)}, 7, 7, 0},
		{"3×3 stride 2 pad 1 on 8×8 (output_padding 1)", 4, 6, 3, []Opt{Stride(2), Pad(1)}, 8, 8, 1},
		{"groups 2 dilation 2", 4, 2, 3, []Opt{Groups(2), Dilation(2), Pad(1)}, 6, 9, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewConv2D("conv", tc.in, tc.out, tc.k, append(tc.opts, NoBias())...)
			ct := NewConvTranspose2D("convT", tc.out, tc.in, tc.k, append(tc.opts, NoBias(), OutputPadding(tc.outPad))...)
			require.Equal(t, c.Weight.Shape, ct.Weight.Shape, "the two layers store the same weight tensor")
			initParams(c, 1)
			ct.Weight.Data = c.Weight.Data
			x := randInput(2, 2, tc.in, tc.h, tc.w)
			cx := c.Forward(Eval, x)
			y := randInput(3, cx.Shape...)
			cty := ct.Forward(Eval, y)
			require.Equal(t, x.Shape, cty.Shape, "convᵀ maps back to x's shape")
			var lhs, rhs, scale float64
			for i := range cx.Data {
				lhs += float64(cx.Data[i]) * float64(y.Data[i])
				scale += abs64(float64(cx.Data[i]) * float64(y.Data[i]))
			}
			for i := range x.Data {
				rhs += float64(x.Data[i]) * float64(cty.Data[i])
			}
			// Both sides are the same sum of products, rounded through
			// float32 differently: 1e-6 of Σ|terms| bounds the difference.
			assert.InDelta(t, lhs, rhs, 1e-6*scale, "⟨conv(x), y⟩ = %.6g, ⟨x, convᵀ(y)⟩ = %.6g", lhs, rhs)
		})
	}
}

func abs64(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
