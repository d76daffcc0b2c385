package vgg

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

func analyze(t *testing.T, m *nn.Model) *nn.Report {
	t.Helper()
	r, err := m.Analyze()
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	return r
}

// Table 2 ("Number of parameters (in millions)"): A, A-LRN, B, C, D, E =
// 133, 133, 133, 134, 138, 144; Table 1's header gives the depths
// ("11 weight layers" … "19 weight layers").
func TestTable2(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      Config
		millions float64 // Table 2
		depth    int     // Table 1 header
	}{
		{"vgg11", A, 133, 11},
		{"vgg11-lrn", ALRN, 133, 11},
		{"vgg13", B, 133, 13},
		{"vgg16-c", C, 134, 16},
		{"vgg16", D, 138, 16},
		{"vgg19", E, 144, 19},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Build(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			r := analyze(t, m)
			if got := math.Round(float64(r.Params) / 1e6); got != tc.millions {
				t.Errorf("params %s ≈ %vM, want %vM (Table 2, config %s)", nn.Comma(r.Params), got, tc.millions, tc.cfg.Name)
			}
			if r.Depth != tc.depth || tc.cfg.WeightLayers() != tc.depth {
				t.Errorf("depth: got %d (report) and %d (config), want %d (Table 1)", r.Depth, tc.cfg.WeightLayers(), tc.depth)
			}
			if !r.Output.Equal(nn.Shape{1000}) {
				t.Errorf("output %v, want 1000 (Table 1: FC-1000)", r.Output)
			}
			t.Logf("%s (config %s): %s parameters ≈ %vM = Simonyan & Zisserman 2015 Table 2; %d weight layers = Table 1 header",
				tc.name, tc.cfg.Name, nn.Comma(r.Params), math.Round(float64(r.Params)/1e6), r.Depth)
		})
	}
}

// VGG-16 (config D) layer by layer. A 3×3 conv from in to out channels
// holds 9·in·out + out parameters; fc6 reads pool5's 512·7·7 = 25,088
// values (Table 1 widths, §2.1 "2 × 2 pixel window, with stride 2").
func TestVGG16(t *testing.T) {
	m, _ := Build("vgg16")
	r := analyze(t, m)
	rows := map[string]nn.Row{}
	for _, row := range r.Rows {
		rows[row.Name] = row
	}
	for _, tc := range []struct {
		paper, key string
		out        nn.Shape
		params     int64
	}{
		{"conv1_1", "features.0", nn.Shape{64, 224, 224}, 9*3*64 + 64},      // 1,792
		{"conv1_2", "features.2", nn.Shape{64, 224, 224}, 9*64*64 + 64},     // 36,928
		{"pool1", "features.4", nn.Shape{64, 112, 112}, 0},                  //
		{"conv2_1", "features.5", nn.Shape{128, 112, 112}, 9*64*128 + 128},  // 73,856
		{"conv2_2", "features.7", nn.Shape{128, 112, 112}, 9*128*128 + 128}, // 147,584
		{"pool2", "features.9", nn.Shape{128, 56, 56}, 0},                   //
		{"conv3_1", "features.10", nn.Shape{256, 56, 56}, 9*128*256 + 256},  // 295,168
		{"conv3_2", "features.12", nn.Shape{256, 56, 56}, 9*256*256 + 256},  // 590,080
		{"conv3_3", "features.14", nn.Shape{256, 56, 56}, 9*256*256 + 256},  // 590,080
		{"pool3", "features.16", nn.Shape{256, 28, 28}, 0},                  //
		{"conv4_1", "features.17", nn.Shape{512, 28, 28}, 9*256*512 + 512},  // 1,180,160
		{"conv4_2", "features.19", nn.Shape{512, 28, 28}, 9*512*512 + 512},  // 2,359,808
		{"conv4_3", "features.21", nn.Shape{512, 28, 28}, 9*512*512 + 512},  // 2,359,808
		{"pool4", "features.23", nn.Shape{512, 14, 14}, 0},                  //
		{"conv5_1", "features.24", nn.Shape{512, 14, 14}, 9*512*512 + 512},  // 2,359,808
		{"conv5_2", "features.26", nn.Shape{512, 14, 14}, 9*512*512 + 512},  // 2,359,808
		{"conv5_3", "features.28", nn.Shape{512, 14, 14}, 9*512*512 + 512},  // 2,359,808
		{"pool5", "features.30", nn.Shape{512, 7, 7}, 0},                    //
		{"fc6", "classifier.0", nn.Shape{4096}, 25088*4096 + 4096},          // 102,764,544
		{"fc7", "classifier.3", nn.Shape{4096}, 4096*4096 + 4096},           // 16,781,312
		{"fc8", "classifier.6", nn.Shape{1000}, 4096*1000 + 1000},           // 4,097,000
	} {
		t.Run(tc.paper, func(t *testing.T) {
			n, ok := Lookup(m, tc.paper)
			if !ok || n.Key != tc.key {
				t.Fatalf("Lookup(%q): got %q (found %v), want %q", tc.paper, n.Key, ok, tc.key)
			}
			row := rows[tc.key]
			if !row.Out.Equal(tc.out) {
				t.Errorf("output: got %v, want %v", row.Out, tc.out)
			}
			if row.Params != tc.params {
				t.Errorf("params: got %s, want %s", nn.Comma(row.Params), nn.Comma(tc.params))
			}
			t.Logf("%s (%s): %v, %s parameters = Simonyan & Zisserman 2015 Table 1 widths (9·in·out + out for a 3×3 conv)", tc.paper, tc.key, row.Out, nn.Comma(row.Params))
		})
	}
}

// §2.3: "The incorporation of 1 × 1 conv. layers (configuration C,
// Table 1) is a way to increase the non-linearity of the decision function
// without affecting the receptive fields of the conv. layers." The
// receptive field at pool5 (the input of avgpool) is
// r = 1 + Σ (k−1)·J over the layers, J the product of the earlier strides:
//
//	A: 1 + 2·1 + 1·1 + 2·2 + 1·2 + 2·2·4 + 1·4 + 2·2·8 + 1·8 + 2·2·16 + 1·16 = 150
//	B: A + 2·1 + 2·2 (a second conv in blocks 1 and 2)                 = 156
//	C: B (a 1×1 conv adds 0·J)                                         = 156
//	D: B + 2·4 + 2·8 + 2·16 (a third 3×3 in blocks 3–5)                = 212
//	E: D + 2·4 + 2·8 + 2·16                                            = 268
//
// and the conv weights per position grow as Σ k²·in·out.
func TestReceptiveFieldPerConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		rf   int
	}{
		{"vgg11", 150}, {"vgg11-lrn", 150}, {"vgg13", 156}, {"vgg16-c", 156}, {"vgg16", 212}, {"vgg19", 268},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := Build(tc.name)
			r := analyze(t, m)
			if r.RF.Size != tc.rf || r.RF.Stride != 32 {
				t.Errorf("receptive field at pool5: got %d (stride %d), want %d (stride 2⁵ = 32)", r.RF.Size, r.RF.Stride, tc.rf)
			}
			t.Logf("%s: receptive field %d at stride %d = r_out = r_in + (k−1)·J over Table 1's layers", tc.name, r.RF.Size, r.RF.Stride)
		})
	}
	t.Run("vgg16 against an independent calculator", func(t *testing.T) {
		// google-research/receptive_field's README table, TF-Slim vgg_16:
		// receptive field 212, effective stride 32, effective padding 90.
		m, _ := Build("vgg16")
		if r := analyze(t, m); r.RF != (nn.RF{Size: 212, Stride: 32, Padding: 90}) {
			t.Errorf("vgg16 receptive field: got %+v, want {212 32 90} (receptive_field table, vgg_16)", r.RF)
		}
	})
	t.Run("config C 1×1", func(t *testing.T) {
		m, _ := Build("vgg16-c")
		r := analyze(t, m)
		n, _ := Lookup(m, "conv3_3")
		for _, row := range r.Rows {
			if row.Name == n.Key && row.Params != 256*256+256 {
				t.Errorf("conv3_3 of config C: got %s params, want 65,792 (1×1, 256 → 256, + bias)", nn.Comma(row.Params))
			}
		}
	})
}

// §2.3: the stack of small filters. Receptive field 1 + n(k−1); weights
// n·k²·C² (biases aside): two 3×3 = 18C² < one 5×5 = 25C²; three 3×3 =
// 27C² < one 7×7 = 49C² ("81% more").
func TestStackedConvs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n, k    int
		rf      int
		weights int64 // per C²
	}{
		{"one 3×3", 1, 3, 3, 9},
		{"two 3×3", 2, 3, 5, 18},
		{"one 5×5", 1, 5, 5, 25},
		{"three 3×3", 3, 3, 7, 27},
		{"one 7×7", 1, 7, 7, 49},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := StackRF(tc.n, tc.k); got != tc.rf {
				t.Errorf("receptive field: got %d, want %d", got, tc.rf)
			}
			if got := StackWeights(tc.n, tc.k); got != tc.weights {
				t.Errorf("weights: got %dC², want %dC²", got, tc.weights)
			}
			t.Logf("%s: receptive field %d, %dC² weights = Simonyan & Zisserman 2015 §2.3", tc.name, StackRF(tc.n, tc.k), StackWeights(tc.n, tc.k))
		})
	}
}

// "Early layers hold memory, late layers hold parameters" (notes §4.2),
// for vgg16 at 224×224, batch 1, float32. Activations of a block are its
// conv and pool outputs (ReLU runs in place):
//
//	conv1: 2·64·224² + 64·112²   = 7,225,344
//	conv2: 2·128·112² + 128·56²  = 3,612,672
//	conv1–2 parameters: 64·(3·9+1) + 64·(64·9+1) + 128·(64·9+1) + 128·(128·9+1)
//	                    = 1,792 + 36,928 + 73,856 + 147,584
//	fc6–fc8 parameters: 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856
//	all activations: the 13 conv outputs 13,547,520 + the 5 pools 1,530,368
//	                 + torchvision's 7×7 adaptive avgpool 25,088
//	                 + fc 4,096 + 4,096 + 1,000 = 15,112,168
func TestBreakdown(t *testing.T) {
	m, _ := Build("vgg16")
	shares, rep, err := Breakdown(m)
	if err != nil {
		t.Fatal(err)
	}
	var sumP, sumA int64
	for _, s := range shares {
		sumP += s.Params
		sumA += s.Acts
	}
	if sumP != rep.Params || sumA != rep.Activations {
		t.Fatalf("shares sum to %d params, %d activations; want the totals %d, %d", sumP, sumA, rep.Params, rep.Activations)
	}
	earlyP, earlyA := SumShares(shares, "conv1", "conv2")
	lateP, lateA := SumShares(shares, "fc6", "fc7", "fc8")
	for _, tc := range []struct {
		name      string
		got, want int64
	}{
		{"conv1–2 activations", earlyA, 7_225_344 + 3_612_672},
		{"conv1–2 params", earlyP, 1_792 + 36_928 + 73_856 + 147_584},
		{"fc6–8 params", lateP, 123_642_856},
		{"fc6–8 activations", lateA, 4096 + 4096 + 1000},
		{"total activations", rep.Activations, 15_112_168},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, nn.Comma(tc.got), nn.Comma(tc.want))
		}
	}
	// The shares the chapter text quotes (README.md).
	for _, tc := range []struct {
		name, got, want string
	}{
		{"conv1–2 share of activations", fmt.Sprintf("%.1f%%", percent(earlyA, rep.Activations)), "71.7%"},
		{"conv1–2 share of params", fmt.Sprintf("%.2f%%", percent(earlyP, rep.Params)), "0.19%"},
		{"fc6–8 share of params", fmt.Sprintf("%.1f%%", percent(lateP, rep.Params)), "89.4%"},
		{"fc6–8 share of activations", fmt.Sprintf("%.2f%%", percent(lateA, rep.Activations)), "0.06%"},
		{"activation memory", fmt.Sprintf("%.1f MB", float64(4*rep.Activations)/1e6), "60.4 MB"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// With BatchNorm (torchvision's vgg*_bn) every conv is followed by a BN
// and a ReLU, so the keys shift: conv1_1 is features.0, its feature the
// ReLU at features.2; vgg16_bn has 13·3 + 5 = 44 feature modules, pool5
// being features.43.
func TestNamesBatchNorm(t *testing.T) {
	m, _ := Build("vgg16_bn")
	for _, tc := range []struct{ paper, key, out string }{
		{"conv1_1", "features.0", "features.2"},
		{"conv1_2", "features.3", "features.5"},
		{"pool1", "features.6", "features.6"},
		{"conv5_3", "features.40", "features.42"},
		{"pool5", "features.43", "features.43"},
		{"fc7", "classifier.3", "classifier.4"},
	} {
		t.Run(tc.paper, func(t *testing.T) {
			n, ok := Lookup(m, tc.paper)
			if !ok || n.Key != tc.key || n.Out != tc.out {
				t.Errorf("got %+v (found %v), want key %s, feature %s", n, ok, tc.key, tc.out)
			}
		})
	}
}

// The stacked convolutions of §2.3's argument each have their own key.
func TestStackKeysDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range nn.AllParams(stack(3, 3)) {
		if seen[p.Key] {
			t.Errorf("key %s twice", p.Key)
		}
		seen[p.Key] = true
	}
	if len(seen) != 3 {
		t.Errorf("got %d keys, want 3 (conv1 … conv3 weights)", len(seen))
	}
}
