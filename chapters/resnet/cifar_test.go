package resnet

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCIFAR holds the CIFAR-10 networks of §4.2 to the paper and to a
// second implementation:
//   - depth 6n+2 (§4.2: "totally 6n+2 stacked weighted layers"), counted by
//     the analysis as weighted layers on the longest path;
//   - parameters and MACs equal to testdata/cifar.txt, counted on an
//     independent PyTorch definition by gen_torchvision.py;
//   - parameters equal to Table 6's "# params" once rounded as printed
//     (0.27M, 0.46M, 0.66M, 0.85M, 1.7M, 19.4M).
func TestCIFAR(t *testing.T) {
	ref := map[string][2]int64{}
	for _, f := range readFields(t, "testdata/cifar.txt") {
		require.Len(t, f, 3)
		ref[f[0]] = [2]int64{atoi(t, f[1]), atoi(t, f[2])}
	}
	for _, row := range Table6 {
		name := fmt.Sprintf("resnet%d", row.Depth)
		t.Run(name, func(t *testing.T) {
			m := CIFAR(row.Depth, true)
			r := m.MustAnalyze()
			assert.Equal(t, row.Depth, r.Depth, "depth: got ours, want 6n+2")
			want, ok := ref[name]
			require.True(t, ok, "testdata/cifar.txt lacks %s", name)
			assert.Equal(t, want[0], r.Params, "params: got ours, want the PyTorch twin's")
			assert.Equal(t, want[1], r.MACs, "MACs at 32×32: got ours, want the PyTorch twin's")
			scale := math.Pow(10, float64(row.Decimal))
			got := math.Round(float64(r.Params)/1e6*scale) / scale
			assert.Equal(t, row.ParamsM, got, "params in millions rounded to %d decimals: got %s → %v, want Table 6's %v",
				row.Decimal, nn.Comma(r.Params), got, row.ParamsM)
			assert.Equal(t, nn.Shape{10}.String(), r.Output.String(), "10-way fc")
			t.Logf("%s: depth %d (6n+2), %s parameters → %.*fM = He et al. 2016 Table 6 \"%.*fM\"; %s MACs = independent PyTorch twin (testdata/cifar.txt)",
				name, r.Depth, nn.Comma(r.Params), row.Decimal, got, row.Decimal, row.ParamsM, nn.Comma(r.MACs))
		})
	}
}

// TestCIFARStages: §4.2's layout — feature maps of 32, 16, 8 with 16, 32,
// 64 filters, 2n layers each; the subsampling "by convolutions with a
// stride of 2" at the first block of layer2 and layer3, with an option-A
// shortcut that holds no parameters.
func TestCIFARStages(t *testing.T) {
	m := CIFAR(56, true)
	r := m.MustAnalyze()
	last := map[string]nn.Shape{}
	convs := map[string]int{}
	for _, row := range r.Rows {
		for _, stage := range []string{"layer1", "layer2", "layer3"} {
			if len(row.Name) > len(stage) && row.Name[:len(stage)+1] == stage+"." {
				last[stage] = row.Out
				if _, ok := row.Module.(*nn.Conv2D); ok {
					convs[stage]++
				}
			}
		}
	}
	for _, tc := range []struct {
		stage string
		want  nn.Shape
	}{
		{"layer1", nn.Shape{16, 32, 32}},
		{"layer2", nn.Shape{32, 16, 16}},
		{"layer3", nn.Shape{64, 8, 8}},
	} {
		t.Run(tc.stage, func(t *testing.T) {
			assert.Equal(t, tc.want.String(), last[tc.stage].String(), "output: got ours, want §4.2's")
			assert.Equal(t, 2*9, convs[tc.stage], "convs: want 2n = 18 for n = 9")
		})
	}
	for _, name := range []string{"layer2.0.downsample", "layer3.0.downsample"} {
		sc, ok := nn.Find(m.Net, name).(*nn.ZeroPadShortcut)
		require.True(t, ok, "%s should be an option-A shortcut", name)
		assert.Empty(t, sc.Params(), "option A holds no parameters")
	}
	assert.Nil(t, nn.Find(m.Net, "layer1.0.downsample"), "layer1 keeps its shape: identity")
}

// TestPlainTwins: a plain net is its residual net without shortcuts —
// the same keys, parameters, MACs and depth — but a single path.
func TestPlainTwins(t *testing.T) {
	for _, depth := range PlainDepths {
		t.Run(fmt.Sprintf("plain%d", depth), func(t *testing.T) {
			res, plain := CIFAR(depth, true), CIFAR(depth, false)
			rr, rp := res.MustAnalyze(), plain.MustAnalyze()
			var kr, kp []string
			for _, p := range nn.AllParams(res.Net) {
				kr = append(kr, p.Key)
			}
			for _, p := range nn.AllParams(plain.Net) {
				kp = append(kp, p.Key)
			}
			assert.Equal(t, kr, kp, "keys: plain vs residual")
			assert.Equal(t, rr.Params, rp.Params, "params")
			assert.Equal(t, rr.MACs, rp.MACs, "MACs")
			assert.Equal(t, rr.Depth, rp.Depth, "depth")
			assert.Equal(t, "1", rp.PathCount().String(), "a plain net has one path")
			assert.Equal(t, pow2(3*(depth-2)/6).String(), rr.PathCount().String(), "the residual net: 2^(3n)")
		})
	}
}

// TestModelsRegistry: names, order and inputs of Models.
func TestModelsRegistry(t *testing.T) {
	want := []string{"resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
		"resnet50-tv", "resnet101-tv", "resnet152-tv",
		"resnet20", "resnet32", "resnet44", "resnet56", "resnet110", "resnet1202",
		"plain20", "plain32", "plain44", "plain56", "plain110", "plain1202"}
	var got []string
	for _, e := range Models() {
		got = append(got, e.Name)
		m := e.Build()
		assert.Equal(t, e.Name, m.Name, "Build's model name")
		assert.NotEmpty(t, e.Doc)
		for _, p := range nn.AllParams(m.Net) {
			if p.Data != nil {
				t.Errorf("%s: %s allocated by Build", e.Name, p.Key)
				break
			}
		}
	}
	assert.Equal(t, want, got)
	assert.Panics(t, func() { CIFAR(21, true) }, "21 is not 6n+2")
	assert.Panics(t, func() { ImageNet(200, StrideAt1x1) }, "no Table 1 column of depth 200")
}
