package resnet

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdentityConstruction is He et al. 2016 §1's argument run on the
// real networks: copy resnet20 into resnet56 and make the 18 added blocks
// identities (their branch's last BN zeroed). The deeper network then
// computes exactly what the shallower one does, so it can never be worse
// — for a residual net. The same surgery on plain56 cuts the signal: its
// output no longer depends on the input.
func TestIdentityConstruction(t *testing.T) {
	rng := nn.NewRNG(7)
	x := nn.NewTensor(2, 3, 16, 16) // any size: the argument is exact
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	x2 := x.Clone()
	for i := range x2.Data {
		x2.Data[i] = -x2.Data[i]
	}
	run := func(m nn.Module, in *nn.Tensor) *nn.Tensor {
		y, err := nn.Run(m, nn.Eval, in)
		require.NoError(t, err)
		return y.Clone()
	}
	maxDiff := func(a, b *nn.Tensor) float64 {
		var d float64
		for i := range a.Data {
			d = math.Max(d, math.Abs(float64(a.Data[i]-b.Data[i])))
		}
		return d
	}
	for _, tc := range []struct {
		name      string
		shortcuts bool
	}{{"resnet", true}, {"plain", false}} {
		t.Run(tc.name, func(t *testing.T) {
			shallow, deep := CIFAR(20, tc.shortcuts), CIFAR(56, tc.shortcuts)
			nn.InitParams(shallow.Net, nn.NewRNG(1))
			nn.InitParams(deep.Net, nn.NewRNG(2))
			// Non-trivial BN statistics and shifts, so that the copy matters.
			for _, p := range nn.AllParams(shallow.Net) {
				if p.Buffer || (len(p.Shape) == 1 && p.Key != "fc.bias") {
					for i := range p.Data {
						p.Data[i] += float32(0.1 * rng.Float64())
					}
				}
			}
			assert.Equal(t, 18, Embed(shallow.Net, deep.Net), "blocks 3…8 of each of 3 stages are zeroed")
			ys, yd := run(shallow.Net, x), run(deep.Net, x)
			if tc.shortcuts {
				// Every copied layer sees the same input, bit for bit: the
				// identity blocks add exact zeros.
				assert.Equal(t, 0.0, maxDiff(ys, yd), "resnet56 with identity blocks vs resnet20: got max difference %g, want 0", maxDiff(ys, yd))
			} else {
				assert.Greater(t, maxDiff(ys, yd), 1e-3, "plain56 with zeroed blocks should not reproduce plain20")
				assert.Equal(t, 0.0, maxDiff(yd, run(deep.Net, x2)), "plain56 with zeroed blocks: output independent of the input")
			}
		})
	}
}

// TestPlainGradientNorms measures §4.1's claim on the networks of Fig. 6:
// "These plain networks are trained with BN, which ensures forward
// propagated signals to have non-zero variances. We also verify that the
// backward propagated gradients exhibit healthy norms with BN." At He
// initialisation, one training-mode pass (batch 8 of 3×8×8 to keep the
// test fast; 16×16 gives the same picture): the gradient reaching the
// first convolution is never vanishingly small against the last one's.
// In the plain nets it is larger, and the more so the deeper the net
// (about 10³× in plain56 over seeds 1–4, against 3–5× in plain20): BN
// makes gradients grow toward the input at initialisation (Yang et al.
// 2019), the opposite of vanishing. The residual twins stay within 10×.
func TestPlainGradientNorms(t *testing.T) {
	ratios := map[string]float64{}
	for _, depth := range []int{20, 56} {
		for _, shortcuts := range []bool{false, true} {
			m := CIFAR(depth, shortcuts)
			t.Run(m.Name, func(t *testing.T) {
				g, err := ConvGradNorms(m.Net, nn.Shape{3, 8, 8}, 8, 2016)
				require.NoError(t, err)
				require.Len(t, g, depth-1, "convs: 6n+1")
				first, last := g[0], g[len(g)-1]
				ratio := first.Norm / last.Norm
				ratios[m.Name] = ratio
				t.Logf("%s: ‖∂L/∂W‖ %s %.3g, %s %.3g, ratio %.3g", m.Name, first.Name, first.Norm, last.Name, last.Norm, ratio)
				for _, c := range g {
					assert.False(t, math.IsNaN(c.Norm) || math.IsInf(c.Norm, 0) || c.Norm == 0, "%s: gradient norm %v", c.Name, c.Norm)
				}
				assert.Greater(t, ratio, 0.1, "‖∂L/∂W(%s)‖ / ‖∂L/∂W(%s)‖: got %.3g, want > 0.1 (not vanishing)", first.Name, last.Name, ratio)
				if shortcuts {
					assert.Less(t, ratio, 10.0, "residual: got ratio %.3g, want < 10", ratio)
				} else {
					assert.Greater(t, ratio, 1.0, "plain: got ratio %.3g, want > 1 (growing toward the input)", ratio)
				}
			})
		}
	}
	assert.Greater(t, ratios["plain56"], 100*ratios["plain20"], "plain56's growth should dwarf plain20's: got %.3g vs %.3g", ratios["plain56"], ratios["plain20"])
}

// TestForwardShapes: a CIFAR pair and resnet18 run (eval) and
// give their analysed output shape. Small inputs keep the test fast; the
// ImageNet network is fully convolutional up to its global pool (and its
// 11.7M weights, not resnet50's 25.6M, are what the test can afford to draw).
func TestForwardShapes(t *testing.T) {
	for _, tc := range []struct {
		m  *nn.Model
		in nn.Shape
	}{
		{CIFAR(20, true), nn.Shape{3, 32, 32}},
		{CIFAR(20, false), nn.Shape{3, 32, 32}},
		{ImageNet(18, StrideAt1x1), nn.Shape{3, 32, 32}},
	} {
		t.Run(tc.m.Name, func(t *testing.T) {
			nn.InitParams(tc.m.Net, nn.NewRNG(3))
			x := nn.NewTensor(append([]int{1}, tc.in...)...)
			y, err := nn.Run(tc.m.Net, nn.Eval, x)
			require.NoError(t, err)
			r, err := nn.Analyze(tc.m.Net, tc.in)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprint(append([]int{1}, r.Output...)), fmt.Sprint(y.Shape), "output shape")
		})
	}
}
