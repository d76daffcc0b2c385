package vgg

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
)

// tvModel is one model of testdata/torchvision.txt, written by
// testdata/gen_torchvision.py from torchvision 0.14.
type tvModel struct {
	params int64
	keys   []string // "features.0.weight 64,3,3,3", in state_dict order
}

func readTorchvision(t *testing.T) map[string]*tvModel {
	t.Helper()
	lines, err := testfile.Lines("testdata/torchvision.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*tvModel{}
	var cur *tvModel
	for _, line := range lines {
		if !strings.HasPrefix(line, "model ") {
			cur.keys = append(cur.keys, line)
			continue
		}
		var name string
		cur = &tvModel{}
		if _, err := fmt.Sscanf(line, "model %s params %d", &name, &cur.params); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		out[name] = cur
	}
	return out
}

// The module trees of the torchvision-defined models reproduce
// torchvision 0.14's state_dict keys, shapes and order (num_batches_tracked
// aside), and the parameter counts agree exactly (vgg16: 138,357,544).
func TestTorchvisionKeys(t *testing.T) {
	tv := readTorchvision(t)
	for _, name := range []string{"vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"} {
		t.Run(name, func(t *testing.T) {
			want, ok := tv[name]
			if !ok {
				t.Fatalf("%s missing from testdata/torchvision.txt", name)
			}
			m, err := Build(name)
			if err != nil {
				t.Fatal(err)
			}
			got := testfile.KeyLines(m.Net)
			if len(got) != len(want.keys) {
				t.Errorf("got %d tensors, want %d (torchvision)", len(got), len(want.keys))
			}
			for i := range min(len(got), len(want.keys)) {
				if got[i] != want.keys[i] {
					t.Fatalf("tensor %d: got %q, want %q (torchvision)", i, got[i], want.keys[i])
				}
			}
			if r := analyze(t, m); r.Params != want.params {
				t.Errorf("params: got %s, want %s (torchvision)", nn.Comma(r.Params), nn.Comma(want.params))
			}
		})
	}
	if got := tv["vgg16"].params; got != 138_357_544 {
		t.Errorf("testdata: vgg16 has %d params, want 138,357,544", got)
	}
}

// vgg11-lrn and vgg16-c have no torchvision model: their keys follow the
// same style (features.N numbered in forward order, classifier.0/3/6).
func TestPaperOnlyKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []string // a few tensors and where they must be
		count int
	}{
		// conv1_1 (0), relu (1), LRN (2), pool1 (3), conv2_1 (4)
		{"vgg11-lrn", []string{"features.0.weight 64,3,3,3", "features.4.weight 128,64,3,3", "classifier.6.bias 1000"}, 22},
		// conv3_3 of config C is 1×1: features.14
		{"vgg16-c", []string{"features.14.weight 256,256,1,1", "features.28.weight 512,512,1,1", "classifier.0.weight 4096,25088"}, 32},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := Build(tc.name)
			got := testfile.KeyLines(m.Net)
			have := map[string]bool{}
			for _, k := range got {
				have[k] = true
			}
			for _, k := range tc.keys {
				if !have[k] {
					t.Errorf("missing %q", k)
				}
			}
			if len(got) != tc.count {
				t.Errorf("got %d tensors, want %d", len(got), tc.count)
			}
		})
	}
}
