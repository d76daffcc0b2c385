package variants

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
)

// TestWRN: the Wide ResNets against Zagoruyko & Komodakis 2016 Table 4
// ("# params": WRN-40-4 8.9M, WRN-16-8 11.0M, WRN-28-10 36.5M).
func TestWRN(t *testing.T) {
	for _, w := range WRNTable {
		m := WRN(w.Depth, w.K)
		t.Run(m.Name, func(t *testing.T) {
			r := analyze(t, m)
			assert.Equal(t, fmt.Sprintf("%.1f", w.ParamsM), millions(r.Params, 1), "params (M): got ours (%d), want Table 4's", r.Params)
			assert.Equal(t, w.Depth-2, r.Depth, "weighted layers on the longest path: got ours, want depth − 2 (6N + 2)")
			t.Logf("%s: %s parameters ≈ %sM = Zagoruyko & Komodakis 2016 Table 4 \"%.1fM\"; %d weighted layers on the longest path (the name's %d counts the 1×1 projections)",
				m.Name, nn.Comma(r.Params), millions(r.Params, 1), w.ParamsM, r.Depth, w.Depth)
		})
	}
}

// TestWidthSquared: widening multiplies every filter count of the groups
// by k while the depth stays; the parameters and MACs grow as k² (a 3×3
// conv from kF to kF channels holds k²·9F² weights), the activations
// (neurons) as k. The ratios fall slightly short of k² and k because
// conv1 keeps 16 filters, so the first unit's first convolution (and its
// projection) grow by k only; at 32×32 that layer weighs more in the MACs
// (95.4× for k = 10) than in the parameters (98.6×).
func TestWidthSquared(t *testing.T) {
	base := analyze(t, WRN(28, 1))
	for _, k := range []int{1, 2, 4, 8, 10} {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			r := analyze(t, WRN(28, k))
			assert.Equal(t, base.Depth, r.Depth, "depth: got %d, want WRN-28-1's %d", r.Depth, base.Depth)
			kk := float64(k * k)
			p := float64(r.Params) / float64(base.Params)
			assert.InEpsilon(t, kk, p, 0.02, "params ratio: got %.2f, want k² = %g ± 2%%", p, kk)
			mac := float64(r.MACs) / float64(base.MACs)
			assert.InEpsilon(t, kk, mac, 0.05, "MACs ratio: got %.2f, want k² = %g ± 5%%", mac, kk)
			a := float64(r.Activations) / float64(base.Activations)
			assert.InEpsilon(t, float64(k), a, 0.1, "activations ratio: got %.2f, want k = %d ± 10%%", a, k)
			assert.Equal(t, float64(k), filterRatio(t, WRN(28, k), WRN(28, 1)), "unit filters ratio")
			t.Logf("WRN-28-%d ÷ WRN-28-1: params ×%.1f, MACs ×%.1f (k² = %g), activations ×%.2f (k = %d) = Zagoruyko & Komodakis 2016 §2 (filters × k)", k, p, mac, kk, a, k)
		})
	}
}

// filterRatio is the ratio of the output channels of every convolution
// inside the groups (layer1 … layer3) of a to b's, checking it is one
// number.
func filterRatio(t *testing.T, a, b *nn.Model) float64 {
	t.Helper()
	outs := func(m *nn.Model) []int {
		var o []int
		nn.Walk(m.Net, func(path string, l nn.Module) {
			if c, ok := l.(*nn.Conv2D); ok && path != "conv1" && !strings.Contains(path, "downsample") {
				o = append(o, c.Out)
			}
		})
		return o
	}
	oa, ob := outs(a), outs(b)
	ratio := math.NaN()
	for i := range oa {
		r := float64(oa[i]) / float64(ob[i])
		if i == 0 {
			ratio = r
		} else if r != ratio {
			t.Fatalf("conv %d: ratio %g, want %g like the others", i, r, ratio)
		}
	}
	return ratio
}

// TestWideResNet50: torchvision's wide_resnet50_2 is resnet50 with every
// bottleneck's 1×1-3×3 width doubled and its outputs kept, so the depth
// stays and the parameters grow by less than k² = 4 (only the 3×3 convs
// grow 4×; the 1×1 convs grow 2×, the shortcuts, stem and fc not at all):
// by the ratio of torchvision 0.14's documented counts,
// Wide_ResNet50_2_Weights.IMAGENET1K_V1 68,883,240 over
// ResNet50_Weights.IMAGENET1K_V1 25,557,032.
func TestWideResNet50(t *testing.T) {
	w := analyze(t, WideResNet50())
	r := analyze(t, ResNeXt50(1, 64))
	assert.Equal(t, r.Depth, w.Depth)
	assert.Equal(t, int64(25_557_032), r.Params, "resnet50: got ours, want torchvision's documented count")
	ratio := float64(w.Params) / float64(r.Params)
	assert.Equal(t, 68_883_240.0/25_557_032.0, ratio, "params ratio wide_resnet50_2 / resnet50: got %.4f", ratio)
	assert.Less(t, ratio, 4.0, "params grow by less than k²")
	c := nn.Find(WideResNet50().Net, "layer1.0.conv2").(*nn.Conv2D)
	assert.Equal(t, 128, c.Out, "layer1.0.conv2 width: got ours, want 2·64")
}
