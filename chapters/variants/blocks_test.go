package variants

import (
	"math"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
)

// DenseNet's blocks' keys, shapes and parameter/buffer split equal
// torchvision 0.14's state_dict (without num_batches_tracked), in the same
// order (keys from chapters/resnet/testdata/gen_block_keys.py).
func TestDenseBlocksMatchTorchvision(t *testing.T) {
	for _, tc := range []struct {
		keys    string
		m       nn.Module
		in, out nn.Shape
		params  int64
		why     string
	}{
		{"testdata/keys_densenet121.denseblock1.denselayer1.txt", DenseNetBottleneck("denselayer1", 64, 32, 4), nn.Shape{64, 56, 56}, nn.Shape{32, 56, 56},
			45440, "2·64 + 64·128 + 2·128 + 128·32·9: BN-ReLU-1×1(4k)-BN-ReLU-3×3(k), k = 32"},
		{"testdata/keys_densenet121.denseblock1.txt", DenseNetBlock("denseblock1", 6, 64, 32, 4), nn.Shape{64, 56, 56}, nn.Shape{256, 56, 56},
			335040, "six dense layers, 64 + 6·32 = 256 channels out"},
		{"testdata/keys_densenet121.transition1.txt", Transition("transition1", 256, 128), nn.Shape{256, 56, 56}, nn.Shape{128, 28, 28},
			33280, "2·256 + 256·128: BN, 1×1 conv halving the channels, 2×2 average pool"},
	} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(tc.keys, "testdata/keys_"), ".txt"), func(t *testing.T) {
			nntest.MatchTorchvision(t, tc.keys, tc.m, tc.in, tc.out, tc.params, tc.why)
		})
	}
}

func TestPreActOrders(t *testing.T) {
	// Which module runs last before/after the addition (He et al. 2016b Fig. 4).
	for _, tc := range []struct {
		order       PreActOrder
		first, last string // first and last layer of the branch
		after       bool
	}{
		{PreActOriginal, "conv1", "bn2", true},
		{PreActBNAfterAdd, "conv1", "conv2", true},
		{PreActReLUBeforeAdd, "conv1", "relu2", false},
		{PreActReLUOnly, "relu1", "bn2", false},
		{PreActFull, "bn1", "conv2", false},
	} {
		t.Run(tc.order.String(), func(t *testing.T) {
			for _, s := range []int{1, 2} {
				b := PreActBlock("block", 16, 16*s, s, tc.order, resnet.ShortcutB)
				layers := b.Branch.(*nn.Sequential).Layers
				if layers[0].Name() != tc.first || layers[len(layers)-1].Name() != tc.last {
					t.Errorf("branch runs %s … %s, want %s … %s", layers[0].Name(), layers[len(layers)-1].Name(), tc.first, tc.last)
				}
				if (b.After != nil) != tc.after {
					t.Errorf("after the addition got %v, want something = %v", b.After, tc.after)
				}
				r, err := nn.Analyze(b, nn.Shape{16, 8, 8})
				if err != nil {
					t.Fatal(err)
				}
				if want := (nn.Shape{16 * s, 8 / s, 8 / s}); !r.Output.Equal(want) {
					t.Errorf("stride %d: output got %v, want %v", s, r.Output, want)
				}
			}
		})
	}
}

// The forward pass gives the shapes the analysis predicts.
func TestBlocksForwardShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    nn.Module
		in   nn.Shape
	}{
		{"PreAct full", PreActBlock("b", 8, 16, 2, PreActFull, resnet.ShortcutB), nn.Shape{8, 6, 6}},
		{"DenseNetBlock", DenseNetBlock("d", 3, 4, 2, 2), nn.Shape{4, 5, 5}},
		{"Transition", Transition("t", 8, 4), nn.Shape{8, 6, 6}},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.ForwardShapes(t, tc.m, tc.in) })
	}
}

// The residual blocks (resnet's and this chapter's pre-activation one), small: every shortcut option, the bottleneck and
// full pre-activation. Their ReLUs become Tanh for the check: perturbing
// a BatchNorm γ or β by h moves every value of a channel, and some cross
// the ReLU kink, which no finite difference survives (ReLU's own gradient
// is checked in nn's TestActivationGrad). What is checked here is the wiring.
func TestBlocksGrad(t *testing.T) {
	for _, tc := range []struct {
		name  string
		m     *nn.Residual
		in    []int
		train bool
		h     float64 // finite-difference step; 0: gradcheck's default 1e−2
	}{
		{"BasicBlock identity", resnet.BasicBlock("b", 4, 4, 1, resnet.ShortcutB), []int{2, 4, 5, 5}, true, 0},
		{"BasicBlock option B", resnet.BasicBlock("b", 4, 6, 2, resnet.ShortcutB), []int{2, 4, 5, 5}, true, 0},
		{"BasicBlock option A", resnet.BasicBlock("b", 4, 6, 2, resnet.ShortcutA), []int{2, 4, 5, 5}, true, 0},
		{"BasicBlock option C eval", resnet.BasicBlock("b", 4, 4, 1, resnet.ShortcutC), []int{2, 4, 5, 5}, false, 0},
		// Three BNs in training over 2·3·3 values per channel make the block
		// strongly curved in conv3's weights: the error fell as h² (0.042,
		// 0.0047, 0.00042 at h = 3e−2, 1e−2, 3e−3), truncation rather than
		// a wrong gradient, so this one uses h = 3e−3.
		{"Bottleneck grouped", resnet.Bottleneck("b", 4, 4, 8, 2, true, 2), []int{2, 4, 6, 6}, true, 3e-3},
		{"PreAct full", PreActBlock("b", 4, 6, 2, PreActFull, resnet.ShortcutB), []int{2, 4, 4, 4}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nntest.InitParams(tc.m, 5)
			nn.Walk(tc.m, func(_ string, m nn.Module) {
				if a, ok := m.(*nn.Activation); ok {
					a.Kind = nn.ActTanh
				}
			})
			// Conv weights N(0, 1/fan_in), BN scales γ = 1 ± 0.3 and N(0, 1)
			// inputs keep the pre-activations O(1), away from tanh's flat
			// tails. With initParams' γ ~ N(0, 1) and inputs up to ±10 the
			// error of option C in eval fell as h² (0.06, 0.007, 0.0007 at
			// h = 3e−2, 1e−2, 3e−3): truncation of the central difference,
			// not a wrong gradient.
			for _, p := range nn.AllParams(tc.m) {
				switch {
				case strings.HasSuffix(p.Key, "bn1.weight") || strings.HasSuffix(p.Key, "bn2.weight") ||
					strings.HasSuffix(p.Key, "bn3.weight") || strings.HasSuffix(p.Key, "downsample.1.weight"):
					for i := range p.Data {
						p.Data[i] = 1 + 0.3*p.Data[i]
					}
				case p.Buffer && strings.HasSuffix(p.Key, "running_var"):
					for i := range p.Data {
						p.Data[i] = 1.5
					}
				case len(p.Shape) == 4:
					for i := range p.Data {
						p.Data[i] /= float32(math.Sqrt(float64(p.FanIn)))
					}
				}
			}
			var opts []nntest.Option
			if tc.h != 0 {
				opts = append(opts, nntest.Step(tc.h))
			}
			nntest.CheckGrad(t, tc.m, nntest.RandInput(6, tc.in...), tc.train, opts...)
		})
	}
}

// Huang et al. 2017 §3: "the ℓth layer receives the feature-maps of all
// preceding layers": layer i sees C + (i−1)·k channels and the block
// outputs C + L·k, the input first.
func TestDenseBlockForward(t *testing.T) {
	const c, k, L = 3, 2, 3
	d := DenseNetBlock("denseblock", L, c, k, 2)
	nn.InitParams(d, nn.NewRNG(1))
	x := nntest.RandInput(1, 2, c, 4, 4)
	y := d.Forward(nn.Eval, x)
	if want := (nn.Shape{2, c + L*k, 4, 4}); !nn.Shape(y.Shape).Equal(want) {
		t.Fatalf("shape got %v, want %v", y.Shape, want)
	}
	// The first C channels are the input itself.
	for n := 0; n < 2; n++ {
		for i := 0; i < c*16; i++ {
			if got, want := y.Data[n*(c+L*k)*16+i], x.Data[n*c*16+i]; got != want {
				t.Fatalf("sample %d element %d: got %g, want the input %g", n, i, got, want)
			}
		}
	}
	// The last k channels are layer L applied to everything before them.
	prev := nn.NewTensor(2, c+(L-1)*k, 4, 4)
	for n := 0; n < 2; n++ {
		copy(prev.Data[n*(c+(L-1)*k)*16:(n+1)*(c+(L-1)*k)*16], y.Data[n*(c+L*k)*16:])
	}
	last := d.Layers[L-1].Forward(nn.Eval, prev)
	for n := 0; n < 2; n++ {
		for i := 0; i < k*16; i++ {
			if got, want := y.Data[(n*(c+L*k)+c+(L-1)*k)*16+i], last.Data[n*k*16+i]; got != want {
				t.Fatalf("sample %d: channel %d got %g, want layer %d's output %g", n, c+(L-1)*k+i/16, got, L, want)
			}
		}
	}
}
