package resnet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// torchvisionCount is one line of testdata/counts.txt, written by
// testdata/gen_torchvision.py from torchvision 0.14.
type torchvisionCount struct {
	Params, MACs int64
}

// readCounts parses testdata/counts.txt: "model convention params macs".
func readCounts(t *testing.T) map[string]torchvisionCount {
	t.Helper()
	out := map[string]torchvisionCount{}
	for _, f := range readFields(t, "testdata/counts.txt") {
		require.Len(t, f, 4)
		out[f[0]+"/"+f[1]] = torchvisionCount{atoi(t, f[2]), atoi(t, f[3])}
	}
	return out
}

// readFields reads a testdata file as whitespace-separated fields.
func readFields(t *testing.T, path string) [][]string {
	t.Helper()
	out, err := testfile.Fields(path)
	require.NoError(t, err)
	return out
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return v
}

// TestTorchvisionKeys: every ImageNet model's parameter and buffer keys,
// in order and with their shapes, are torchvision 0.14's state_dict
// (testdata/<model>.keys; num_batches_tracked, a counter we do not keep,
// excluded). The paper's bottleneck models hold the same tensors as the
// v1.5 ones — only a stride moves — so both are held to the same list.
func TestTorchvisionKeys(t *testing.T) {
	for _, a := range Table1 {
		for _, at := range []StrideAt{StrideAt1x1, StrideAt3x3} {
			m := ImageNet(a.Depth, at)
			t.Run(m.Name, func(t *testing.T) {
				var want []string
				for _, f := range readFields(t, fmt.Sprintf("testdata/resnet%d.keys", a.Depth)) {
					want = append(want, f[0]+" "+f[1])
				}
				assert.Equal(t, want, testfile.KeyLines(m.Net), "state_dict keys: got ours, want torchvision 0.14's")
			})
		}
	}
}

// TestImageNetCounts: parameters and MACs at 224×224 equal what
// gen_torchvision.py counted on torchvision 0.14 with forward hooks, for
// torchvision's stride placement (v1.5) and for the paper's, obtained there
// by moving each strided bottleneck's stride from conv2 to conv1.
func TestImageNetCounts(t *testing.T) {
	counts := readCounts(t)
	// torchvision 0.14 docs (ResNet*_Weights.IMAGENET1K_V1 "num_params").
	wantParams := map[int]int64{18: 11_689_512, 34: 21_797_672, 50: 25_557_032, 101: 44_549_160, 152: 60_192_808}
	for _, a := range Table1 {
		for _, conv := range []struct {
			name string
			at   StrideAt
		}{{"paper", StrideAt1x1}, {"v1.5", StrideAt3x3}} {
			t.Run(fmt.Sprintf("resnet%d/%s", a.Depth, conv.name), func(t *testing.T) {
				want, ok := counts[fmt.Sprintf("resnet%d/%s", a.Depth, conv.name)]
				require.True(t, ok, "testdata/counts.txt lacks the row")
				r := ImageNet(a.Depth, conv.at).MustAnalyze()
				assert.Equal(t, wantParams[a.Depth], r.Params, "params: got ours, want torchvision's")
				assert.Equal(t, want.Params, r.Params, "params: got ours, want gen_torchvision.py's")
				assert.Equal(t, want.MACs, r.MACs, "MACs (conv+linear, biases excluded): got ours, want gen_torchvision.py's hooks")
				assert.Equal(t, r.Params, r.InferenceParams, "no auxiliary heads")
				t.Logf("resnet%d (%s stride): %s parameters = torchvision 0.14 (IMAGENET1K_V1 num_params %s); %s MACs = forward hooks on torchvision (testdata/counts.txt)",
					a.Depth, conv.name, nn.Comma(r.Params), nn.Comma(wantParams[a.Depth]), nn.Comma(r.MACs))
			})
		}
	}
}

// TestTable1FLOPs compares our MACs with Table 1's "FLOPs" row (the paper
// counts a multiply-add as one FLOP: 1.8, 3.6, 3.8, 7.6, 11.3 ×10⁹).
//
// Tolerance 2%: Table 1 prints two or three significant figures and does
// not say exactly what it counts (the fc layer? the projection shortcuts?).
// With the paper's stride placement every model lands within 2%; the v1.5
// placement leaves the first 1×1 of each downsampling bottleneck on the
// larger map and adds 231,211,008 MACs (4.09 ×10⁹ for ResNet-50, 7.6% over
// the table).
func TestTable1FLOPs(t *testing.T) {
	const tol = 0.02
	for _, a := range Table1 {
		paper := ImageNet(a.Depth, StrideAt1x1).MustAnalyze().MACs
		t.Run(fmt.Sprintf("resnet%d", a.Depth), func(t *testing.T) {
			rel := float64(paper)/a.FLOPs - 1
			assert.LessOrEqual(t, math.Abs(rel), tol,
				"paper stride: got %.3g MACs, want Table 1's %.3g within %.0f%% (off by %+.1f%%)", float64(paper), a.FLOPs, 100*tol, 100*rel)
			t.Logf("resnet%d: %.2f ×10⁹ MACs vs He et al. 2016 Table 1 \"FLOPs\" %.1f ×10⁹ (%+.1f%%)", a.Depth, float64(paper)/1e9, a.FLOPs/1e9, 100*rel)
		})
		if !a.Bottleneck {
			continue
		}
		t.Run(fmt.Sprintf("resnet%d-tv", a.Depth), func(t *testing.T) {
			tv := ImageNet(a.Depth, StrideAt3x3).MustAnalyze().MACs
			assert.Greater(t, math.Abs(float64(tv)/a.FLOPs-1), math.Abs(float64(paper)/a.FLOPs-1),
				"v1.5 %.4g MACs should be further from Table 1's %.3g than the paper placement's %.4g", float64(tv), a.FLOPs, float64(paper))
			// The same extra cost in every bottleneck model: the first 1×1
			// of layer2.0, layer3.0, layer4.0 (2w → w channels, output s×s)
			// runs on the 2s×2s map before the strided 3×3 instead of after
			// a strided 1×1; the 3×3 itself has the same s×s output either
			// way. 2w·w·(4s² − s²) = 6·(w·s)², w·s = 128·28 = 256·14 = 512·7.
			extra := int64(3 * 6 * (128 * 28) * (128 * 28))
			assert.Equal(t, extra, tv-paper, "v1.5 − paper MACs: got %d, want 3·6·(128·28)²", tv-paper)
		})
	}
	r50 := ImageNet(50, StrideAt3x3).MustAnalyze()
	assert.Greater(t, float64(r50.MACs)/3.8e9-1, 0.07, "resnet50-tv is more than 7% over Table 1")
}

// TestImageNetStages: the output sizes of Table 1 ("output size" column:
// 112, 56, 28, 14, 7, then 1×1) and the stage widths.
func TestImageNetStages(t *testing.T) {
	for _, a := range Table1 {
		m := ImageNet(a.Depth, StrideAt1x1)
		r := m.MustAnalyze()
		out := func(name string) nn.Shape {
			for i := len(r.Rows) - 1; i >= 0; i-- { // the last leaf under name is the module's output
				if r.Rows[i].Name == name || strings.HasPrefix(r.Rows[i].Name, name+".") {
					return r.Rows[i].Out
				}
			}
			t.Fatalf("no rows under %s", name)
			return nil
		}
		mult := 1
		if a.Bottleneck {
			mult = 4
		}
		for _, tc := range []struct {
			paper, module string
			want          nn.Shape
		}{
			// Table 1, "output size" column.
			{"conv1", "conv1", nn.Shape{64, 112, 112}},
			{"conv2_x", "layer1", nn.Shape{64 * mult, 56, 56}},
			{"conv3_x", "layer2", nn.Shape{128 * mult, 28, 28}},
			{"conv4_x", "layer3", nn.Shape{256 * mult, 14, 14}},
			{"conv5_x", "layer4", nn.Shape{512 * mult, 7, 7}},
			{"average pool", "avgpool", nn.Shape{512 * mult, 1, 1}},
			{"fc", "fc", nn.Shape{1000}},
		} {
			t.Run(fmt.Sprintf("resnet%d/%s", a.Depth, tc.paper), func(t *testing.T) {
				assert.Equal(t, tc.want.String(), out(tc.module).String(), "%s (%s) output: got ours, want Table 1's", tc.paper, tc.module)
				t.Logf("resnet%d %s (%s): %v = He et al. 2016 Table 1 \"output size\" and widths", a.Depth, tc.paper, tc.module, out(tc.module))
			})
		}
		t.Run(fmt.Sprintf("resnet%d/blocks", a.Depth), func(t *testing.T) {
			for i, n := range a.Blocks {
				layer := nn.Find(m.Net, fmt.Sprintf("layer%d", i+1))
				require.NotNil(t, layer)
				assert.Len(t, layer.Children(), n, "conv%d_x blocks: want Table 1's ×%d", i+2, n)
			}
		})
	}
}

// TestPaperNames: every module the Table 1 ↔ torchvision table names exists.
func TestPaperNames(t *testing.T) {
	m := ImageNet(50, StrideAt1x1)
	for _, pn := range PaperNames {
		assert.NotNil(t, nn.Find(m.Net, pn.Module), "%s → %s: no such module", pn.Paper, pn.Module)
	}
}

// TestStridePlacement: the two conventions differ only in where a
// downsampling bottleneck strides; parameters are equal, the MACs and the
// receptive field are not. With the stride on the first 1×1 the 3×3 after
// it already works on the coarser grid (jump 2J instead of J), so each of
// the three downsampling blocks widens the receptive field by 2·J more:
// 2·(4 + 8 + 16) = 56 pixels for every bottleneck depth.
func TestStridePlacement(t *testing.T) {
	for _, depth := range []int{50, 101, 152} {
		t.Run(fmt.Sprintf("resnet%d", depth), func(t *testing.T) {
			pm, tm := ImageNet(depth, StrideAt1x1), ImageNet(depth, StrideAt3x3)
			p, v := pm.MustAnalyze(), tm.MustAnalyze()
			assert.Equal(t, p.Params, v.Params, "params: paper vs v1.5")
			for _, layer := range []string{"layer2.0", "layer3.0", "layer4.0"} {
				c1 := nn.Find(pm.Net, layer+".conv1").(*nn.Conv2D)
				c2 := nn.Find(pm.Net, layer+".conv2").(*nn.Conv2D)
				assert.Equal(t, [2]int{2, 1}, [2]int{c1.SH, c2.SH}, "%s paper: strides of conv1, conv2", layer)
				c1 = nn.Find(tm.Net, layer+".conv1").(*nn.Conv2D)
				c2 = nn.Find(tm.Net, layer+".conv2").(*nn.Conv2D)
				assert.Equal(t, [2]int{1, 2}, [2]int{c1.SH, c2.SH}, "%s v1.5: strides of conv1, conv2", layer)
			}
			assert.Equal(t, 2*(4+8+16), p.RF.Size-v.RF.Size, "receptive field: got %d (paper) − %d (v1.5)", p.RF.Size, v.RF.Size)
			assert.Equal(t, 32, p.RF.Stride, "effective stride at avgpool")
			t.Logf("resnet%d: same %s parameters; receptive field %d (stride on the 1×1, He et al. 2016 Table 1 caption) vs %d (stride on the 3×3, torchvision v1.5)",
				depth, nn.Comma(p.Params), p.RF.Size, v.RF.Size)
		})
	}
}

// TestReceptiveFieldTable holds the paper-placement networks to an
// independent receptive-field calculator: google-research/receptive_field
// (Araujo et al., Distill 2019), whose README tabulates the TF-Slim models
// resnet_v1_50, _101 and _152 as size 483, 1027, 1507, effective stride 32,
// effective padding 239, 511, 751. TF-Slim strides the 3×3 of a stage's
// last block instead of the next stage's first 1×1; either way every 3×3
// runs at the same jump, so the sizes agree with the paper's placement
// (and v1.5 is 2·(4+8+16) = 56 smaller, TestStridePlacement). The
// paddings differ by 2: TF-Slim's "SAME" max pool pads 0 rows before and 1
// after, PyTorch's pads 1 on both sides, and the jump there is 2.
func TestReceptiveFieldTable(t *testing.T) {
	for _, tc := range []struct {
		depth, size, padding int // google-research/receptive_field README, resnet_v1_<depth>
	}{
		{50, 483, 239},
		{101, 1027, 511},
		{152, 1507, 751},
	} {
		t.Run(fmt.Sprintf("resnet%d", tc.depth), func(t *testing.T) {
			r := ImageNet(tc.depth, StrideAt1x1).MustAnalyze()
			assert.Equal(t, tc.size, r.RF.Size, "receptive field: got ours, want the table's (resnet_v1_%d)", tc.depth)
			assert.Equal(t, 32, r.RF.Stride, "effective stride")
			assert.Equal(t, tc.padding+1*2, r.RF.Padding, "effective padding: got ours, want the table's + 1 row · jump 2 (max-pool padding)")
		})
	}
}
