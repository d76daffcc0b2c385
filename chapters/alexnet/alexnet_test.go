package alexnet

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
)

// sumRows adds up the parameters of the rows named name in either tower
// (gpu1.name, gpu2.name) or outside them (name), and returns the output
// shape of the first such row.
func sumRows(rep *nn.Report, name string) (params int64, out nn.Shape, n int) {
	for _, r := range rep.Rows {
		if r.Name == name || r.Name == "gpu1."+name || r.Name == "gpu2."+name {
			if n == 0 {
				out = r.Out
			}
			params += r.Params
			n++
		}
	}
	return params, out, n
}

// TestAlexNet checks each layer of the two-tower network against the
// paper (Krizhevsky et al. 2012 §3.5, Fig. 2); parameters are
// out·(in/groups·k² + 1), both towers together.
func TestAlexNet(t *testing.T) {
	rep, err := AlexNet().Analyze()
	require.NoError(t, err)
	for _, tc := range []struct {
		layer  string
		towers int      // rows: 2 (one per tower) or 1 (after the join)
		out    nn.Shape // per tower
		params int64
		source string
	}{
		{"conv1", 2, nn.Shape{48, 55, 55}, 34_944, "Krizhevsky et al. 2012 §3.5: 96·(3·11·11 + 1): \"96 kernels of size 11×11×3\""},
		{"pool1", 2, nn.Shape{48, 27, 27}, 0, "Krizhevsky et al. 2012 §3.5: 3×3/2: \"z = 3, s = 2\" (§3.4)"},
		{"conv2", 2, nn.Shape{128, 27, 27}, 307_456, "Krizhevsky et al. 2012 §3.5: 256·(48·5·5 + 1): \"256 kernels of size 5×5×48\""},
		{"pool2", 2, nn.Shape{128, 13, 13}, 0, "Krizhevsky et al. 2012 Fig. 2"},
		{"conv3", 2, nn.Shape{192, 13, 13}, 885_120, "Krizhevsky et al. 2012 §3.5: 384·(256·3·3 + 1): \"384 kernels of size 3×3×256\""},
		{"conv4", 2, nn.Shape{192, 13, 13}, 663_936, "Krizhevsky et al. 2012 §3.5: 384·(192·3·3 + 1): \"384 kernels of size 3×3×192\""},
		{"conv5", 2, nn.Shape{128, 13, 13}, 442_624, "Krizhevsky et al. 2012 §3.5: 256·(192·3·3 + 1): \"256 kernels of size 3×3×192\""},
		{"pool5", 2, nn.Shape{128, 6, 6}, 0, "Krizhevsky et al. 2012 Fig. 2"},
		{"fc6", 1, nn.Shape{4096}, 37_752_832, "Krizhevsky et al. 2012 §3.5: 4096·(9216 + 1)"},
		{"fc7", 1, nn.Shape{4096}, 16_781_312, "Krizhevsky et al. 2012 §3.5: 4096·(4096 + 1)"},
		{"fc8", 1, nn.Shape{1000}, 4_097_000, "Krizhevsky et al. 2012 §3.5: 1000·(4096 + 1)"},
	} {
		t.Run(tc.layer, func(t *testing.T) {
			params, out, n := sumRows(rep, tc.layer)
			assert.Equal(t, tc.towers, n, "rows named %s: got %d, want %d", tc.layer, n, tc.towers)
			assert.True(t, out.Equal(tc.out), "output: got %v, want %v", out, tc.out)
			assert.Equal(t, tc.params, params, "parameters: got %s, want %s", nn.Comma(params), nn.Comma(tc.params))
			t.Logf("%s: %d×%v, %s parameters = %s", tc.layer, n, out, nn.Comma(params), tc.source)
		})
	}
	t.Run("total", func(t *testing.T) {
		// Paper abstract: "The neural network, which has 60 million parameters";
		// the exact count, also computed by PyTorch (testdata/gen_torchvision.py).
		want := golden(t, "alexnet_counts.txt")["alexnet"]
		assert.Equal(t, int64(60_965_224), rep.Params, "parameters: got %s, want 60,965,224", nn.Comma(rep.Params))
		assert.Equal(t, want, rep.Params, "parameters: got %s, want PyTorch's %s", nn.Comma(rep.Params), nn.Comma(want))
		t.Logf("alexnet: %s parameters = PyTorch's count of the same layers (testdata/alexnet_counts.txt); the abstract: \"60 million parameters\"", nn.Comma(rep.Params))
		// "The network's input is 150,528-dimensional": 224·224·3 (the
		// paper's figure; the arithmetic needs 227·227·3 = 154,587).
		assert.Equal(t, int64(154_587), rep.Input.Elems())
		// Where parameters and work are: fc6–fc8 hold 96.2% of the
		// parameters (fc6 61.9%), the convolutions do 666M of 724M MACs.
		fc, fc6, convMACs := Split(rep)
		// fc6 + fc7 + fc8 = 37,752,832 + 16,781,312 + 4,097,000 (the table
		// above, §3.5); 58,631,144/60,965,224 = 0.9617 and
		// 37,752,832/60,965,224 = 0.6193.
		assert.Equal(t, int64(58_631_144), fc, "fc6–fc8 parameters")
		assert.InDelta(t, 0.962, float64(fc)/float64(rep.Params), 0.0005, "fc share of the parameters")
		assert.InDelta(t, 0.619, float64(fc6)/float64(rep.Params), 0.0005, "fc6 share of the parameters")
		// Conv MACs, out maps·H·W·(in/groups)·k² on §3.5's sizes: conv1
		// 96·55²·3·11² = 105,415,200, conv2 256·27²·48·5² = 223,948,800,
		// conv3 384·13²·256·3² = 149,520,384, conv4 384·13²·192·3² =
		// 112,140,288, conv5 256·13²·192·3² = 74,760,192; the fc layers add
		// their 9,216·4,096 + 4,096² + 4,096·1,000 = 58,621,952 weights.
		assert.Equal(t, int64(665_784_864), convMACs, "conv MACs")
		assert.Equal(t, int64(724_406_816), rep.MACs, "MACs")
		// 5 conv + 3 fully connected: "eight layers with weights" (§3).
		assert.Equal(t, 8, rep.Depth, "weighted depth: got %d, want 8", rep.Depth)
		// fc6 reads pool5, whose units see 195×195 pixels at stride 32:
		// r = 11 → 19 → 51 → 67 → 99 → 131 → 163 → 195 (r += (k−1)·J),
		// padding 2·8 + 1·16 + 1·16 + 1·16 = 64 (P += p·J). The same three
		// numbers as google-research/receptive_field's README table for
		// TF-Slim's alexnet_v2 (195, 32, 64), whose kernels and strides
		// are AlexNet's.
		assert.Equal(t, nn.RF{Size: 195, Stride: 32, Padding: 64}, rep.RF, "receptive field at fc6's input")
	})
	t.Run("merged", func(t *testing.T) {
		m, err := Merged().Analyze()
		require.NoError(t, err)
		want := golden(t, "alexnet_counts.txt")["alexnet-merged"]
		assert.Equal(t, want, m.Params, "parameters: got %s, want PyTorch's %s (groups=1)", nn.Comma(m.Params), nn.Comma(want))
		// conv2, conv4, conv5 see twice the maps: the conv layers' 2,334,080
		// parameters (conv1–conv5 in the table above) become 3,747,200, the
		// weights of conv2 (+256·48·5²), conv4 (+384·192·3²) and conv5
		// (+256·192·3²) doubled: +1,413,120.
		assert.Equal(t, int64(62_378_344-60_965_224), m.Params-rep.Params)
	})
}

// TestInputSide shows why the input is 227 pixels: fc6 is built for
// 256·6·6 = 9,216 inputs, and only a side in 227…230 makes pool5 6×6.
// The paper's text says 224; the notes say 277. The floor lets sides up to
// 258 through; 227 is the one at which every window tiles exactly.
func TestInputSide(t *testing.T) {
	net := AlexNet().Net.(*nn.Sequential)
	features := nn.Seq("", net.Layers[:2]...) // the two tower stages, up to pool5
	for _, tc := range []struct {
		side  int
		sizes []int // per tower: conv1, pool1, conv2, pool2, conv3, conv4, conv5, pool5
		err   string
		note  string
	}{
		// (224−11)/4+1 = 54.25 → 54; (54−3)/2+1 = 26.5 → 26; (26−3)/2+1 = 12.5 → 12; (12−3)/2+1 = 5.5 → 5
		{224, []int{54, 26, 26, 12, 12, 12, 12, 5}, "fc6: expects 9,216 inputs, receives 6,400 (= 256×5×5)",
			"gpu1.conv1: (224+2·0−11)/4+1 = 54.25 → 54: the last pixel row and column are never read"},
		// (227−11)/4+1 = 55; (55−3)/2+1 = 27; (27−3)/2+1 = 13; (13−3)/2+1 = 6: every window tiles
		{227, []int{55, 27, 27, 13, 13, 13, 13, 6}, "", ""},
		// (277−11)/4+1 = 67.5 → 67; 33; 16; (16−3)/2+1 = 7.5 → 7
		{277, []int{67, 33, 33, 16, 16, 16, 16, 7}, "fc6: expects 9,216 inputs, receives 12,544 (= 256×7×7)",
			"gpu1.conv1: (277+2·0−11)/4+1 = 67.5 → 67: the last 2 pixel rows and columns are never read"},
	} {
		t.Run(strconv.Itoa(tc.side), func(t *testing.T) {
			in := nn.Shape{3, tc.side, tc.side}
			rep, err := nn.Analyze(features, in)
			require.NoError(t, err)
			var got []int
			for _, r := range rep.Rows {
				switch r.Name {
				case "gpu1.conv1", "gpu1.pool1", "gpu1.conv2", "gpu1.pool2", "gpu1.conv3", "gpu1.conv4", "gpu1.conv5", "gpu1.pool5":
					got = append(got, r.Out[1])
				}
			}
			assert.Equal(t, tc.sizes, got, "sides of conv1 … pool5")
			if tc.note != "" {
				assert.Contains(t, rep.Notes, tc.note)
			} else {
				assert.Empty(t, rep.Notes, "at 227 every window tiles its input")
			}
			t.Logf("input %d: conv1 … pool5 sides %v = the window formula ⌊(i+2p−k)/s⌋+1 (Krizhevsky et al. 2012 Fig. 2 draws 55, 27, 13, 6 at 227)", tc.side, got)
			_, err = nn.Analyze(net, in)
			if tc.err == "" {
				assert.NoError(t, err)
			} else if assert.Error(t, err) {
				assert.Equal(t, tc.err, err.Error())
			}
		})
	}
	t.Run("sides that fit", func(t *testing.T) {
		// pool5 is 6×6 for conv5 maps of 13 or 14, i.e. pool1 maps of
		// 27…30, i.e. conv1 maps of 55…62: s = 227…258. Exact tiling needs
		// (s−11) divisible by 4 and odd maps before every 3×3/2 pool: only 227.
		fit, exact := Sides(200, 300)
		var want []int
		for s := 227; s <= 258; s++ {
			want = append(want, s)
		}
		assert.Equal(t, want, fit, "sides that reach fc6 with 9,216 values")
		assert.Equal(t, []int{227}, exact, "sides at which every window tiles")
	})
}

// TestExchanges: "the GPUs communicate only in certain layers. This means
// that, for example, the kernels of layer 3 take input from all kernel
// maps in layer 2. However, kernels in layer 4 take input only from those
// kernel maps in layer 3 which reside on the same GPU." (§3.2) and "The
// neurons in the fully-connected layers are connected to all neurons in
// the previous layer" (§3.5).
func TestExchanges(t *testing.T) {
	assert.Equal(t, []string{"conv3", "fc6", "fc7", "fc8"}, Exchanges(AlexNet().Net))
	m := AlexNet().Net
	for _, tc := range []struct {
		layer string
		in    int // input maps of one tower's kernels
	}{
		{"gpu1.conv2", 48},  // "5×5×48": its own tower's conv1 maps
		{"gpu1.conv3", 256}, // "3×3×256": both towers' conv2 maps
		{"gpu1.conv4", 192}, // "3×3×192": its own tower's conv3 maps
		{"gpu1.conv5", 192}, // "3×3×192": its own tower's conv4 maps — not an exchange
	} {
		t.Run(tc.layer, func(t *testing.T) {
			c := nn.Find(m, tc.layer).(*nn.Conv2D)
			assert.Equal(t, tc.in, c.Weight.Shape[1], "kernel depth: got %d, want %d", c.Weight.Shape[1], tc.in)
			t.Logf("%s: kernels read %d maps = Krizhevsky et al. 2012 §3.5", tc.layer, c.Weight.Shape[1])
		})
	}
}

// TestTorchvision compares alexnet-tv with torchvision 0.14's state_dict
// (testdata/alexnet_tv.txt, written by testdata/gen_torchvision.py).
func TestTorchvision(t *testing.T) {
	m := Torchvision()
	assert.Equal(t, goldenLines(t, "alexnet_tv.txt"), testfile.KeyLines(m.Net), "keys and shapes")
	rep, err := m.Analyze()
	require.NoError(t, err)
	want := golden(t, "alexnet_counts.txt")["alexnet-tv"]
	assert.Equal(t, want, rep.Params, "parameters: got %s, want torchvision's %s", nn.Comma(rep.Params), nn.Comma(want))
	// torchvision 0.14's documented count (AlexNet_Weights.IMAGENET1K_V1,
	// "num_params": 61100840).
	assert.Equal(t, int64(61_100_840), rep.Params)

	t.Run("names", func(t *testing.T) {
		for _, n := range TorchvisionNames {
			l := nn.Find(m.Net, n.Torchvision)
			require.NotNil(t, l, "%s → %s", n.Paper, n.Torchvision)
			switch n.Paper[:2] {
			case "co":
				assert.IsType(t, &nn.Conv2D{}, l, n.Paper)
			case "fc":
				assert.IsType(t, &nn.Linear{}, l, n.Paper)
			default:
				assert.IsType(t, &nn.MaxPool2D{}, l, n.Paper)
			}
		}
	})
	t.Run("minimum input", func(t *testing.T) {
		// torchvision: "The required minimum input size of the model is 63x63."
		_, err := nn.Analyze(m.Net, nn.Shape{3, 63, 63})
		assert.NoError(t, err)
		_, err = nn.Analyze(m.Net, nn.Shape{3, 62, 62})
		assert.Error(t, err)
		// The adaptive pool makes 227 as good as 224.
		_, err = nn.Analyze(m.Net, nn.Shape{3, 227, 227})
		assert.NoError(t, err)
	})
}

// TestBuildAllocatesNothing: Build only declares shapes.
func TestBuildAllocatesNothing(t *testing.T) {
	for _, e := range Models() {
		for _, p := range nn.AllParams(e.Build().Net) {
			assert.Nil(t, p.Data, "%s: %s allocated by Build", e.Name, p.Key)
		}
	}
}

// goldenLines reads testdata/name without comment lines.
func goldenLines(t *testing.T, name string) []string {
	t.Helper()
	out, err := testfile.Lines("testdata/" + name)
	require.NoError(t, err)
	return out
}

// golden reads "name count" lines.
func golden(t *testing.T, name string) map[string]int64 {
	t.Helper()
	m, err := testfile.Counts("testdata/" + name)
	require.NoError(t, err)
	return m
}
