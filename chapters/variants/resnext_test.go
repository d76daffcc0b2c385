package variants

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// TestAggregatedEqualsGrouped: Xie et al. 2017 §3.3 — the aggregated
// transformations of Fig. 3(a) (C paths of ordinary convolutions, summed,
// BN after the sum) and the grouped convolution of Fig. 3(c) are the same
// function. Aggregate splits a grouped block's weights into paths; both
// forms then give the same output in eval and in training (batch
// statistics) and the same input gradient, to float32 rounding (sums of
// a few hundred products in a different order: ~1e-7 of the output scale;
// the test allows 1e-5).
func TestAggregatedEqualsGrouped(t *testing.T) {
	for _, c := range []struct {
		name                       string
		in, groups, d, out, stride int
	}{
		{"layer1.0 of resnext50_32x4d (projection)", 64, 32, 4, 256, 1},
		{"layer1.1 of resnext50_32x4d (identity)", 256, 32, 4, 256, 1},
		{"layer2.0 of resnext50_32x4d (stride 2)", 256, 32, 8, 512, 2},
		{"Table 2's 2×40d", 256, 2, 40, 256, 1},
		{"C = 1: ResNet-50's bottleneck", 64, 1, 64, 256, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := CompareForms(c.in, c.groups, c.d, c.out, c.stride, 6, 2017)
			tol := 1e-5 * r.MaxAbs
			assert.LessOrEqual(t, r.MaxDiffEval, tol, "eval: max |grouped − aggregated| got %g, want ≤ %g", r.MaxDiffEval, tol)
			assert.LessOrEqual(t, r.MaxDiffTrain, tol, "training: max |grouped − aggregated| got %g, want ≤ %g", r.MaxDiffTrain, tol)
			assert.LessOrEqual(t, r.MaxDiffGrad, 1e-5*max(r.MaxAbs, 1), "input gradients: max difference got %g", r.MaxDiffGrad)
			assert.Equal(t, r.ParamsGrouped, r.ParamsAggr, "params: got aggregated, want grouped's")
			assert.True(t, r.Same())
		})
	}
	// The aggregated form of a resnext block has C paths plus the shortcut.
	g := resnet.Bottleneck("block", 256, 128, 256, 1, true, 32)
	nn.InitParams(g, nn.NewRNG(1))
	r, err := nn.Analyze(Aggregate(g), nn.Shape{256, 8, 8})
	require.NoError(t, err)
	assert.Equal(t, int64(33), r.PathCount().Int64(), "paths: got ours, want 32 transformations + the identity")
	paths := nn.Find(Aggregate(g), "paths").(*nn.Parallel)
	assert.Len(t, paths.Branches, 32)
}

// TestTable2: the ResNeXt-50 configurations of Xie et al. 2017 Table 2 at
// "roughly preserved complexity": the grouped 3×3 of conv2 is C·d wide
// (Table 2's "width of group conv."), a conv2 block template holds ~70k
// weights ("The number of parameters is ~70k for the template of conv2"),
// and the whole network's parameters and MACs equal what
// gen_torchvision.py counted on torchvision's ResNet class with groups = C,
// width_per_group = d. The top-1 errors beside them are Table 3's, cited.
func TestTable2(t *testing.T) {
	counts := readCounts(t)
	for _, c := range Table2 {
		name := fmt.Sprintf("resnext50_%dx%dd", c.C, c.D)
		t.Run(name, func(t *testing.T) {
			m := ResNeXt50(c.C, c.D)
			r := analyze(t, m)
			want := counts[name]
			assert.Equal(t, want.Params, r.Params, "params: got ours, want torchvision's ResNet(groups=%d, width_per_group=%d)", c.C, c.D)
			assert.Equal(t, want.MACs, r.MACs, "MACs: got ours, want gen_torchvision.py's hooks")
			conv2 := nn.Find(m.Net, "layer1.1.conv2").(*nn.Conv2D)
			assert.Equal(t, c.Width, conv2.Out, "width of group conv: got ours, want Table 2's")
			assert.Equal(t, c.C, conv2.G, "groups of conv2")
			tmpl, macs := templateWeights(c.C, c.D)
			assert.InEpsilon(t, 70_000, float64(tmpl), 0.03, "conv2 template: got %d weights, want ~70k", tmpl)
			// Table 2: "The number of FLOPs is ~0.22 billion (# params×56×56 for conv2)".
			assert.InEpsilon(t, 0.22e9, float64(macs), 0.03, "conv2 template: got %d MACs at 56×56, want ~0.22 billion", macs)
			assert.Equal(t, tmpl*56*56, macs, "a 1×1/3×3 template at stride 1 does # params × 56×56 MACs")
			t.Logf("%s: %s parameters, %s MACs = torchvision 0.14 ResNet(groups=%d, width_per_group=%d) (testdata); group width %d = Xie et al. 2017 Table 2",
				name, nn.Comma(r.Params), nn.Comma(r.MACs), c.C, c.D, conv2.Out)
		})
	}
}

// templateWeights counts the convolution weights of a conv2 block
// template of Table 2 (256 → C paths of 1×1 to d, 3×3 d → d, 1×1 to 256)
// and its MACs on conv2's 56×56 map, with nn.Analyze.
func templateWeights(c, d int) (weights, macs int64) {
	b := resnet.Bottleneck("t", 256, c*d, 256, 1, true, c)
	r, err := nn.Analyze(b, nn.Shape{256, 56, 56})
	if err != nil {
		panic(err)
	}
	return convWeights(b), r.MACs
}

// TestResNeXtTable1: ResNet-50 and ResNeXt-50 (32×4d) against Xie et al.
// 2017 Table 1 ("# params. 25.5×10⁶ / 25.0×10⁶, FLOPs 4.1×10⁹ /
// 4.2×10⁹"; the paper's FLOPs are multiply-adds, as our MACs). The table
// prints one decimal; ResNet-50's 25,557,032 parameters appear as 25.5
// (truncated, not rounded), so the test allows one unit of the last digit.
func TestResNeXtTable1(t *testing.T) {
	for _, c := range []struct {
		cardinality, d int
		paramsM, gmacs float64 // Table 1
	}{
		{1, 64, 25.5, 4.1},
		{32, 4, 25.0, 4.2},
	} {
		m := ResNeXt50(c.cardinality, c.d)
		t.Run(m.Name, func(t *testing.T) {
			r := analyze(t, m)
			p, g := float64(r.Params)/1e6, float64(r.MACs)/1e9
			assert.InDelta(t, c.paramsM, p, 0.1, "params (M): got %.3f, want Table 1's %.1f", p, c.paramsM)
			assert.InDelta(t, c.gmacs, g, 0.1, "GMACs: got %.3f, want Table 1's %.1f", g, c.gmacs)
		})
	}
}
