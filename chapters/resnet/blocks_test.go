package resnet

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
)

// The blocks' keys, shapes and parameter/buffer split equal torchvision
// 0.14's state_dict (without num_batches_tracked), in the same order, and
// the static analysis counts the same parameters torchvision's numel sum
// gives (printed by testdata/gen_block_keys.py).
func TestBlocksMatchTorchvision(t *testing.T) {
	for _, tc := range []struct {
		keys    string
		m       nn.Module
		in, out nn.Shape
		params  int64
		why     string
	}{
		{"testdata/keys_resnet18.layer1.0.txt", BasicBlock("layer1.0", 64, 64, 1, ShortcutB), nn.Shape{64, 56, 56}, nn.Shape{64, 56, 56},
			73984, "2·(64·64·9) + 4·64: two 3×3 convs and two BNs"},
		{"testdata/keys_resnet18.layer2.0.txt", BasicBlock("layer2.0", 64, 128, 2, ShortcutB), nn.Shape{64, 56, 56}, nn.Shape{128, 28, 28},
			230144, "64·128·9 + 128·128·9 + 64·128 + 3·2·128: option B projection"},
		{"testdata/keys_resnet50.layer1.0.txt", Bottleneck("layer1.0", 64, 64, 256, 1, true, 1), nn.Shape{64, 56, 56}, nn.Shape{256, 56, 56},
			75008, "64·64 + 64·64·9 + 64·256 + 64·256 + 2·(64+64+256+256)"},
		{"testdata/keys_resnet50.layer2.0.txt", Bottleneck("layer2.0", 256, 128, 512, 2, true, 1), nn.Shape{256, 56, 56}, nn.Shape{512, 28, 28},
			379392, "256·128 + 128·128·9 + 128·512 + 256·512 + 2·(128+128+512+512)"},
		{"testdata/keys_resnext50_32x4d.layer2.0.txt", Bottleneck("layer2.0", 256, 256, 512, 2, true, 32), nn.Shape{256, 56, 56}, nn.Shape{512, 28, 28},
			349184, "256·256 + 256·(256/32)·9 + 256·512 + 256·512 + 2·(256+256+512+512): 32 groups of width 8"},
		{"testdata/keys_wide_resnet50_2.layer1.0.txt", Bottleneck("layer1.0", 64, 128, 256, 1, true, 1), nn.Shape{64, 56, 56}, nn.Shape{256, 56, 56},
			206336, "64·128 + 128·128·9 + 128·256 + 64·256 + 2·(128+128+256+256): width 2·64"},
	} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(tc.keys, "testdata/keys_"), ".txt"), func(t *testing.T) {
			nntest.MatchTorchvision(t, tc.keys, tc.m, tc.in, tc.out, tc.params, tc.why)
		})
	}
}

func TestBottleneckStridePlacement(t *testing.T) {
	for _, tc := range []struct {
		on3x3      bool
		s1, s3     int
		convention string
	}{{false, 2, 1, "the paper (stride on the first 1×1)"}, {true, 1, 2, "torchvision v1.5 (stride on the 3×3)"}} {
		b := Bottleneck("layer2.0", 256, 128, 512, 2, tc.on3x3, 1)
		c1 := nn.Find(b, "conv1").(*nn.Conv2D)
		c2 := nn.Find(b, "conv2").(*nn.Conv2D)
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
		if _, ok := b.Shortcut.(*nn.ZeroPadShortcut); ok != tc.zeroPad {
			t.Errorf("%s: zero-pad shortcut got %v, want %v", name, ok, tc.zeroPad)
		}
		var p int64
		for _, np := range nn.AllParams(b) {
			if strings.HasPrefix(np.Key, "downsample.") && !np.Buffer {
				p += np.Size()
			}
		}
		if p != tc.params {
			t.Errorf("%s: shortcut params got %d, want %d", name, p, tc.params)
		}
		if _, err := nn.Analyze(b, nn.Shape{tc.in, 8, 8}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The forward pass gives the shapes the analysis predicts.
func TestBlocksForwardShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    nn.Module
		in   nn.Shape
	}{
		{"BasicBlock B", BasicBlock("b", 8, 16, 2, ShortcutB), nn.Shape{8, 7, 7}},
		{"BasicBlock A", BasicBlock("b", 8, 16, 2, ShortcutA), nn.Shape{8, 7, 7}},
		{"Bottleneck paper", Bottleneck("b", 8, 4, 16, 2, false, 1), nn.Shape{8, 6, 6}},
		{"Bottleneck grouped", Bottleneck("b", 8, 8, 16, 2, true, 4), nn.Shape{8, 6, 6}},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.ForwardShapes(t, tc.m, tc.in) })
	}
}
