package nn

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// torchTensor is one line of testdata/keys_*.txt (gen_keys.py).
type torchTensor struct {
	Key    string
	Shape  []int
	Buffer bool
}

func readKeys(t *testing.T, name string) []torchTensor {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "keys_"+name+".txt"))
	if err != nil {
		t.Fatalf("%v (regenerate with /usr/bin/python3 nn/testdata/gen_keys.py)", err)
	}
	defer f.Close()
	var out []torchTensor
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("keys_%s.txt: malformed line %q", name, line)
		}
		var shape []int
		for _, d := range strings.Split(parts[1], ",") {
			n, err := strconv.Atoi(d)
			if err != nil {
				t.Fatalf("keys_%s.txt: bad shape in %q", name, line)
			}
			shape = append(shape, n)
		}
		out = append(out, torchTensor{parts[0], shape, parts[2] == "buffer"})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The blocks' keys, shapes and parameter/buffer split equal torchvision
// 0.14's state_dict (without num_batches_tracked), in the same order, and
// the static analysis counts the same parameters torchvision's numel sum
// gives (printed by gen_keys.py).
func TestBlocksMatchTorchvision(t *testing.T) {
	for _, tc := range []struct {
		torch  string
		m      Module
		in     Shape
		out    Shape
		params int64
		why    string
	}{
		{"resnet18.layer1.0", BasicBlock("layer1.0", 64, 64, 1, ShortcutB), Shape{64, 56, 56}, Shape{64, 56, 56},
			73984, "2·(64·64·9) + 4·64: two 3×3 convs and two BNs"},
		{"resnet18.layer2.0", BasicBlock("layer2.0", 64, 128, 2, ShortcutB), Shape{64, 56, 56}, Shape{128, 28, 28},
			230144, "64·128·9 + 128·128·9 + 64·128 + 3·2·128: option B projection"},
		{"resnet50.layer1.0", Bottleneck("layer1.0", 64, 64, 256, 1, true, 1), Shape{64, 56, 56}, Shape{256, 56, 56},
			75008, "64·64 + 64·64·9 + 64·256 + 64·256 + 2·(64+64+256+256)"},
		{"resnet50.layer2.0", Bottleneck("layer2.0", 256, 128, 512, 2, true, 1), Shape{256, 56, 56}, Shape{512, 28, 28},
			379392, "256·128 + 128·128·9 + 128·512 + 256·512 + 2·(128+128+512+512)"},
		{"resnext50_32x4d.layer2.0", Bottleneck("layer2.0", 256, 256, 512, 2, true, 32), Shape{256, 56, 56}, Shape{512, 28, 28},
			349184, "256·256 + 256·(256/32)·9 + 256·512 + 256·512 + 2·(256+256+512+512): 32 groups of width 8"},
		{"wide_resnet50_2.layer1.0", Bottleneck("layer1.0", 64, 128, 256, 1, true, 1), Shape{64, 56, 56}, Shape{256, 56, 56},
			206336, "64·128 + 128·128·9 + 128·256 + 64·256 + 2·(128+128+256+256): width 2·64"},
		{"googlenet.inception3a", Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, TorchvisionInception()), Shape{192, 28, 28}, Shape{256, 28, 28},
			155872, "Szegedy et al. 2015 Table 1 row inception (3a) with torchvision's BN and 3×3"},
		{"googlenet.inception4e", Inception("inception4e", 528, 256, 160, 320, 32, 128, 128, TorchvisionInception()), Shape{528, 14, 14}, Shape{832, 14, 14},
			803840, "Szegedy et al. 2015 Table 1 row inception (4e) with torchvision's BN and 3×3"},
		{"densenet121.denseblock1.denselayer1", DenseLayer("denselayer1", 64, 32, 4), Shape{64, 56, 56}, Shape{32, 56, 56},
			45440, "2·64 + 64·128 + 2·128 + 128·32·9: BN-ReLU-1×1(4k)-BN-ReLU-3×3(k), k = 32"},
		{"densenet121.denseblock1", DenseNetBlock("denseblock1", 6, 64, 32, 4), Shape{64, 56, 56}, Shape{256, 56, 56},
			335040, "six dense layers, 64 + 6·32 = 256 channels out"},
		{"densenet121.transition1", Transition("transition1", 256, 128), Shape{256, 56, 56}, Shape{128, 28, 28},
			33280, "2·256 + 256·128: BN, 1×1 conv halving the channels, 2×2 average pool"},
	} {
		t.Run(tc.torch, func(t *testing.T) {
			want := readKeys(t, tc.torch)
			got := AllParams(tc.m)
			var wantParams int64
			for _, w := range want {
				if !w.Buffer {
					wantParams += Shape(w.Shape).Elems()
				}
			}
			if wantParams != tc.params {
				t.Fatalf("torchvision numel sum got %d, want %d (%s): the key file disagrees with the cited count", wantParams, tc.params, tc.why)
			}
			n := max(len(got), len(want))
			for i := 0; i < n; i++ {
				switch {
				case i >= len(got):
					t.Fatalf("tensor %d: missing, want %s %v", i, want[i].Key, want[i].Shape)
				case i >= len(want):
					t.Fatalf("tensor %d: got extra %s %v", i, got[i].Key, got[i].Shape)
				case got[i].Key != want[i].Key || !Shape(got[i].Shape).Equal(want[i].Shape) || got[i].Buffer != want[i].Buffer:
					t.Fatalf("tensor %d: got %s %v (buffer %v), want %s %v (buffer %v) (torchvision 0.14)",
						i, got[i].Key, got[i].Shape, got[i].Buffer, want[i].Key, want[i].Shape, want[i].Buffer)
				}
			}
			r, err := Analyze(tc.m, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Params != tc.params {
				t.Errorf("params got %s, want %s = %s", Comma(r.Params), Comma(tc.params), tc.why)
			}
			if !r.Output.Equal(tc.out) {
				t.Errorf("output for %v got %v, want %v", tc.in, r.Output, tc.out)
			}
		})
	}
}

// Szegedy et al. 2015 Table 1 lists 128M ops for inception (3a) at 28×28:
// 28·28·(192·64 + 192·96 + 96·128·9 + 192·16 + 16·32·25 + 192·32)
// = 784·163,328 = 128,049,152 multiply-accumulates with the paper's 5×5.
func TestInceptionPaperMACs(t *testing.T) {
	r, err := Analyze(Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, InceptionOpts{}), Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	if r.MACs != 128049152 {
		t.Errorf("inception (3a) MACs got %s, want 128,049,152 (Table 1: 128M)", Comma(r.MACs))
	}
	// The paper's module: conv with bias + ReLU, keys branchN[.i].conv.{weight,bias}.
	if k := AllParams(Inception("i", 192, 64, 96, 128, 16, 32, 32, InceptionOpts{}))[1].Key; k != "branch1.conv.bias" {
		t.Errorf("paper Inception key 1 got %s, want branch1.conv.bias", k)
	}
}

func TestNaiveInceptionGrows(t *testing.T) {
	// Szegedy et al. 2015 §4: in the naive module the pooling branch alone
	// passes on as many channels as came in, so the concatenation always
	// outgrows its input, stage after stage.
	r, err := Analyze(NaiveInception("naive", 192, 64, 128, 32), Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Shape{64 + 128 + 32 + 192, 28, 28}); !r.Output.Equal(want) {
		t.Errorf("naive inception output got %v, want %v (c1+c3+c5+in)", r.Output, want)
	}
}

func TestBottleneckStridePlacement(t *testing.T) {
	for _, tc := range []struct {
		on3x3      bool
		s1, s3     int
		convention string
	}{{false, 2, 1, "the paper (stride on the first 1×1)"}, {true, 1, 2, "torchvision v1.5 (stride on the 3×3)"}} {
		b := Bottleneck("layer2.0", 256, 128, 512, 2, tc.on3x3, 1)
		c1 := Find(b, "conv1").(*Conv2D)
		c2 := Find(b, "conv2").(*Conv2D)
		if c1.SH != tc.s1 || c2.SH != tc.s3 {
			t.Errorf("%s: conv1/conv2 strides got %d/%d, want %d/%d", tc.convention, c1.SH, c2.SH, tc.s1, tc.s3)
		}
	}
}

func TestShortcutKinds(t *testing.T) {
	for _, tc := range []struct {
		kind          ShortcutKind
		in, out, s    int
		params        int64 // downsample parameters
		shortcutIsNil bool
		zeroPad       bool
	}{
		{ShortcutB, 64, 64, 1, 0, true, false},
		{ShortcutB, 64, 128, 2, 64*128 + 2*128, false, false},
		{ShortcutA, 64, 64, 1, 0, true, false},
		{ShortcutA, 64, 128, 2, 0, false, true},
		{ShortcutC, 64, 64, 1, 64*64 + 2*64, false, false},
	} {
		name := fmt.Sprintf("%v %d→%d/%d", tc.kind, tc.in, tc.out, tc.s)
		b := BasicBlock("b", tc.in, tc.out, tc.s, tc.kind)
		if (b.Shortcut == nil) != tc.shortcutIsNil {
			t.Errorf("%s: shortcut got %v, want nil = %v", name, b.Shortcut, tc.shortcutIsNil)
		}
		if _, ok := b.Shortcut.(*ZeroPadShortcut); ok != tc.zeroPad {
			t.Errorf("%s: zero-pad shortcut got %v, want %v", name, ok, tc.zeroPad)
		}
		var p int64
		for _, np := range AllParams(b) {
			if strings.HasPrefix(np.Key, "downsample.") && !np.Buffer {
				p += np.Size()
			}
		}
		if p != tc.params {
			t.Errorf("%s: shortcut params got %d, want %d", name, p, tc.params)
		}
		if _, err := Analyze(b, Shape{tc.in, 8, 8}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
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
				b := PreActBlock("block", 16, 16*s, s, tc.order, ShortcutB)
				layers := b.Branch.(*Sequential).Layers
				if layers[0].Name() != tc.first || layers[len(layers)-1].Name() != tc.last {
					t.Errorf("branch runs %s … %s, want %s … %s", layers[0].Name(), layers[len(layers)-1].Name(), tc.first, tc.last)
				}
				if (b.After != nil) != tc.after {
					t.Errorf("after the addition got %v, want something = %v", b.After, tc.after)
				}
				r, err := Analyze(b, Shape{16, 8, 8})
				if err != nil {
					t.Fatal(err)
				}
				if want := (Shape{16 * s, 8 / s, 8 / s}); !r.Output.Equal(want) {
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
		m    Module
		in   Shape
	}{
		{"BasicBlock B", BasicBlock("b", 8, 16, 2, ShortcutB), Shape{8, 7, 7}},
		{"BasicBlock A", BasicBlock("b", 8, 16, 2, ShortcutA), Shape{8, 7, 7}},
		{"Bottleneck paper", Bottleneck("b", 8, 4, 16, 2, false, 1), Shape{8, 6, 6}},
		{"Bottleneck grouped", Bottleneck("b", 8, 8, 16, 2, true, 4), Shape{8, 6, 6}},
		{"PreAct full", PreActBlock("b", 8, 16, 2, PreActFull, ShortcutB), Shape{8, 6, 6}},
		{"Inception torchvision", Inception("i", 8, 4, 3, 4, 2, 3, 2, TorchvisionInception()), Shape{8, 5, 5}},
		{"Inception paper", Inception("i", 8, 4, 3, 4, 2, 3, 2, InceptionOpts{}), Shape{8, 5, 5}},
		{"NaiveInception", NaiveInception("i", 4, 2, 3, 2), Shape{4, 5, 5}},
		{"DenseNetBlock", DenseNetBlock("d", 3, 4, 2, 2), Shape{4, 5, 5}},
		{"Transition", Transition("t", 8, 4), Shape{8, 6, 6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Analyze(tc.m, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			InitParams(tc.m, NewRNG(1))
			x := randInput(1, append([]int{2}, tc.in...)...)
			for _, train := range []bool{false, true} {
				y, err := Run(tc.m, &Ctx{Train: train, Rng: NewRNG(2)}, x)
				if err != nil {
					t.Fatal(err)
				}
				if want := append([]int{2}, r.Output...); !Shape(y.Shape).Equal(want) {
					t.Errorf("train=%v: forward shape got %v, want %v (the analysis)", train, y.Shape, want)
				}
			}
		})
	}
}
