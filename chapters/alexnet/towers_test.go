package alexnet

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/nn"
)

// small is AlexNet at a fraction of its widths on a 67×67 input
// (67 → 15 → 7 → 7 → 3 → 3 → 1), so a forward pass takes milliseconds.
var small = widths{side: 67, conv: [5]int{8, 16, 24, 24, 16}, pooled: 1, fc: 12, classes: 5}

// initPair allocates both networks, draws the towers' weights (N(0, 0.1²)
// everywhere, biases included, so that no layer is trivial) and copies
// them into the merged network.
func initPair(t *testing.T, a, b *nn.Model, seed uint64) {
	t.Helper()
	rng := nn.NewRNG(seed)
	for _, p := range nn.AllParams(a.Net) {
		p.Init, p.Scale = nn.InitNormal, 0.1
		p.Fill(rng)
	}
	nn.InitParams(b.Net, rng)
	require.NoError(t, MergeTowers(a.Net, b.Net))
}

func randInput(seed uint64, shape ...int) *nn.Tensor {
	rng := nn.NewRNG(seed)
	x := nn.NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// maxRelDiff is max|a−b| / max|a|.
func maxRelDiff(a, b *nn.Tensor) float64 {
	var d float64
	for i := range a.Data {
		d = math.Max(d, math.Abs(float64(a.Data[i]-b.Data[i])))
	}
	return d / float64(a.MaxAbs())
}

// TestMergedEqualsTowers: the two towers compute what one tower computes
// whose conv2, conv4 and conv5 weights are block-diagonal (the
// off-diagonal blocks, where a kernel would read the other GPU's maps,
// zero). The LRN is left out here because it is the one layer that does
// not merge: see TestLRNCrossesTowers.
func TestMergedEqualsTowers(t *testing.T) {
	w := small
	w.noLRN = true
	a, b := towers("alexnet", w), merged("alexnet-merged", w)
	initPair(t, a, b, 1)
	x := randInput(2, 2, 3, w.side, w.side)
	ya, err := nn.Run(a.Net, nn.Eval, x)
	require.NoError(t, err)
	yb, err := nn.Run(b.Net, nn.Eval, x)
	require.NoError(t, err)
	require.Equal(t, ya.Shape, yb.Shape)
	// The same sums in a different order: float32 rounding only.
	if d := maxRelDiff(ya, yb); d > 1e-5 {
		t.Errorf("towers vs merged: got max relative difference %.2g, want ≤ 1e-5", d)
	}

	t.Run("off-diagonal blocks", func(t *testing.T) {
		// A weight in an off-diagonal block of conv4 (output map 0 of
		// tower 1 reading input map c4/2 of tower 2) changes the merged
		// network's output: the zeros are what makes it the paper's net.
		c4 := nn.Find(b.Net, "conv4").(*nn.Conv2D)
		half := c4.In / 2
		k := c4.KH * c4.KW
		for u := 0; u < k; u++ {
			c4.Weight.Data[half*k+u] = 1
		}
		yc, err := nn.Run(b.Net, nn.Eval, x)
		require.NoError(t, err)
		assert.Greater(t, maxRelDiff(ya, yc), 1e-3, "an off-diagonal weight should change the output")
	})
}

// TestMergedEqualsTowersPaper is TestMergedEqualsTowers at the paper's
// widths (96-256-384-384-256, §3.5) for the conv stages conv1 … pool5:
// the 48/128/192/192/128-map towers against one tower whose conv2, conv4
// and conv5 are block-diagonal. fc6–fc8 are the same layers in both
// networks (MergeTowers copies them), so they are left out: their 58.6M
// weights would take seconds to draw. The weights' layout does not depend
// on the input side; a 67×67 image (67 → 15 → 7 → 7 → 3 → 3 → 1) runs in
// a tenth of the time 227×227 takes, which matters under -race.
func TestMergedEqualsTowersPaper(t *testing.T) {
	w := paper
	w.noLRN = true
	a, b := towers("alexnet", w), merged("alexnet-merged", w)
	fa := nn.Seq("", a.Net.(*nn.Sequential).Layers[:2]...) // the two tower stages
	layers := b.Net.(*nn.Sequential).Layers
	k := 0
	for k < len(layers) && layers[k].Name() != "flatten" {
		k++
	}
	require.Less(t, k, len(layers), "alexnet-merged has no flatten layer")
	fb := nn.Seq("", layers[:k]...) // conv1 … pool5
	rng := nn.NewRNG(11)
	for _, p := range nn.AllParams(fa) {
		p.Init, p.Scale = nn.InitNormal, 0.1
		p.Fill(rng)
	}
	nn.InitParams(fb, rng)
	require.NoError(t, MergeTowers(fa, fb))

	// Block-diagonal: half of conv2's, conv4's and conv5's merged weights are zero.
	for _, tc := range []struct {
		layer string
		in    int // input maps of one tower's kernels (§3.5: 5×5×48, 3×3×192, 3×3×192)
	}{{"conv2", 48}, {"conv4", 192}, {"conv5", 192}} {
		c := nn.Find(fb, tc.layer).(*nn.Conv2D)
		zeros := 0
		for _, v := range c.Weight.Data {
			if v == 0 {
				zeros++
			}
		}
		assert.Equal(t, 2*tc.in, c.In, "%s: merged input maps", tc.layer)
		assert.Equal(t, len(c.Weight.Data)/2, zeros, "%s: zero weights (the off-diagonal blocks): got %d of %d", tc.layer, zeros, len(c.Weight.Data))
	}

	x := randInput(12, 1, 3, 67, 67)
	ya, err := nn.Run(fa, nn.Eval, x)
	require.NoError(t, err)
	yb, err := nn.Run(fb, nn.Eval, x)
	require.NoError(t, err)
	require.Equal(t, []int{1, 256, 1, 1}, ya.Shape, "pool5: both towers' 128 maps")
	require.Equal(t, ya.Shape, yb.Shape)
	// The same sums in a different order: float32 rounding only.
	if d := maxRelDiff(ya, yb); d > 1e-5 {
		t.Errorf("towers vs merged at the paper's widths: got max relative difference %.2g, want ≤ 1e-5", d)
	}
}

// TestLRNCrossesTowers: each GPU normalised over its own maps; in one
// tower the window of n = 5 maps reaches across the boundary for the two
// maps on each side of it. Those maps, and only those, differ after norm1.
func TestLRNCrossesTowers(t *testing.T) {
	a, b := towers("alexnet", small), merged("alexnet-merged", small)
	initPair(t, a, b, 3)
	x := randInput(4, 1, 3, small.side, small.side)

	// conv1 → relu1 → norm1 in each tower, concatenated; and in the merged net.
	stage := a.Net.(*nn.Sequential).Layers[0].(*nn.Parallel)
	var parts []*nn.Tensor
	for _, br := range stage.Branches {
		parts = append(parts, nn.Seq("", br.(*nn.Sequential).Layers[:3]...).Forward(nn.Eval, x))
	}
	got := nn.Seq("", b.Net.(*nn.Sequential).Layers[:3]...).Forward(nn.Eval, x)

	c, hw := got.Shape[1], got.Shape[2]*got.Shape[3]
	per := c / 2
	var differ []int
	for ch := 0; ch < c; ch++ {
		tw := parts[ch/per].Data[(ch%per)*hw : (ch%per+1)*hw]
		mg := got.Data[ch*hw : (ch+1)*hw]
		for i := range tw {
			if math.Abs(float64(tw[i]-mg[i])) > 1e-6*math.Max(1, math.Abs(float64(tw[i]))) {
				differ = append(differ, ch)
				break
			}
		}
	}
	// The boundary lies between maps per−1 and per; n/2 = 2 maps each side.
	assert.Equal(t, []int{per - 2, per - 1, per, per + 1}, differ, "maps that differ after norm1 (%d maps per tower)", per)
}

// TestConcurrentTowers: the towers give the same result, bit for bit,
// whether they run one after the other or at the same time, in eval and
// in training (the Parallel gives each branch its own dropout stream).
// Run with -race to check that they share nothing.
func TestConcurrentTowers(t *testing.T) {
	m := towers("alexnet", small)
	nn.InitParams(m.Net, nn.NewRNG(5))
	x := randInput(6, 2, 3, small.side, small.side)
	run := func(concurrent, train bool) (*nn.Tensor, []float32) {
		setConcurrent(m.Net, concurrent)
		nn.ZeroGrad(m.Net)
		ctx := &nn.Ctx{Train: train, Rng: nn.NewRNG(7)}
		y := m.Net.Forward(ctx, x)
		dy := nn.ZerosLike(y)
		for i := range dy.Data {
			dy.Data[i] = 1
		}
		dx := m.Net.Backward(dy)
		g := append([]float32(nil), nn.Find(m.Net, "gpu2.conv1").(*nn.Conv2D).Weight.Grad...)
		return y.Clone(), append(dx.Data, g...)
	}
	for _, train := range []bool{false, true} {
		t.Run(map[bool]string{false: "eval", true: "train"}[train], func(t *testing.T) {
			ys, gs := run(false, train)
			yc, gc := run(true, train)
			assert.Equal(t, ys.Data, yc.Data, "outputs: concurrent vs sequential")
			assert.Equal(t, gs, gc, "gradients: concurrent vs sequential")
		})
	}
}

func setConcurrent(m nn.Module, on bool) {
	nn.Walk(m, func(_ string, c nn.Module) {
		if p, ok := c.(*nn.Parallel); ok {
			p.Concurrent = on
		}
	})
}

// BenchmarkTowers runs the paper's conv1…pool5 at full size on one
// 227×227 image with the two towers one after the other and at the same
// time (one per core, as one per GPU):
//
//	go test -run NONE -bench Towers ./chapters/alexnet
//
// Sequentially each convolution's GEMM spreads over every core; side by
// side, par.Split gives each tower its share of the cores (one each on a
// two-core machine), so the two schedules do the same work with different
// synchronisation: the concurrent one saves the per-GEMM fork and join.
func BenchmarkTowers(b *testing.B) {
	net := AlexNet().Net.(*nn.Sequential)
	features := nn.Seq("", net.Layers[:2]...)
	nn.InitParams(features, nn.NewRNG(1))
	x := randInput(2, 1, 3, 227, 227)
	for _, mode := range []struct {
		name       string
		concurrent bool
	}{{"sequential", false}, {"concurrent", true}} {
		b.Run(mode.name, func(b *testing.B) {
			setConcurrent(features, mode.concurrent)
			for b.Loop() {
				features.Forward(nn.Eval, x)
			}
		})
	}
}
