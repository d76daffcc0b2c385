package googlenet

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/internal/testfile"
	"github.com/cnnbook/cnnbook/nn"
)

// tvGoogLeNet is testdata/torchvision.txt, written by
// testdata/gen_torchvision.py from torchvision 0.14's
// googlenet(aux_logits=True, transform_input=True).
type tvGoogLeNet struct {
	params, inference int64
	shapes            map[string]string // module → "C,H,W" at 224×224
	keys              []string          // "conv1.conv.weight 64,3,7,7"
}

func readTorchvision(t *testing.T) tvGoogLeNet {
	t.Helper()
	lines, err := testfile.Fields("testdata/torchvision.txt")
	if err != nil {
		t.Fatal(err)
	}
	tv := tvGoogLeNet{shapes: map[string]string{}}
	for _, fields := range lines {
		switch fields[0] {
		case "params":
			tv.params, _ = strconv.ParseInt(fields[1], 10, 64)
		case "inference_params":
			tv.inference, _ = strconv.ParseInt(fields[1], 10, 64)
		case "shape":
			tv.shapes[fields[1]] = fields[2]
		case "key":
			tv.keys = append(tv.keys, fields[1]+" "+fields[2])
		default:
			t.Fatalf("testdata/torchvision.txt: unexpected line %q", strings.Join(fields, " "))
		}
	}
	return tv
}

// googlenet-tv holds exactly torchvision's state_dict keys and shapes
// (num_batches_tracked aside). The order differs only in where aux1 and
// aux2 stand: torchvision registers them after inception5b, our tree runs
// them after 4a and 4d; weights load by key, so the sets are compared.
func TestTorchvisionKeys(t *testing.T) {
	tv := readTorchvision(t)
	m := NewTorchvision(Options{})
	got := testfile.KeyLines(m.Net)
	want := slices.Clone(tv.keys)
	slices.Sort(got)
	slices.Sort(want)
	if len(got) != len(want) {
		t.Errorf("got %d tensors, want %d (torchvision)", len(got), len(want))
	}
	gotSet, wantSet := map[string]bool{}, map[string]bool{}
	for _, k := range got {
		gotSet[k] = true
	}
	for _, k := range want {
		wantSet[k] = true
		if !gotSet[k] {
			t.Errorf("missing torchvision tensor %s", k)
		}
	}
	for _, k := range got {
		if !wantSet[k] {
			t.Errorf("tensor %s is not torchvision's", k)
		}
	}
}

// torchvision's GoogLeNet: 13,004,888 parameters with the aux heads,
// 6,624,904 without (testdata/torchvision.txt).
func TestTorchvisionParams(t *testing.T) {
	tv := readTorchvision(t)
	if tv.params != 13_004_888 || tv.inference != 6_624_904 {
		t.Fatalf("testdata: %d/%d params, want 13,004,888/6,624,904", tv.params, tv.inference)
	}
	rep := analyze(t, NewTorchvision(Options{}))
	if rep.Params != tv.params {
		t.Errorf("params: got %s, want %s (torchvision, aux included)", nn.Comma(rep.Params), nn.Comma(tv.params))
	}
	if rep.InferenceParams != tv.inference {
		t.Errorf("inference params: got %s, want %s (torchvision without aux1, aux2)", nn.Comma(rep.InferenceParams), nn.Comma(tv.inference))
	}
}

// Every module's output at 224×224 matches torchvision's forward hooks:
// the output of the root's children up to and including that module.
func TestTorchvisionShapes(t *testing.T) {
	tv := readTorchvision(t)
	root := NewTorchvision(Options{}).Net.(*nn.Sequential)
	for i, c := range root.Layers {
		want, ok := tv.shapes[c.Name()]
		if !ok {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			r, err := nn.Analyze(nn.Seq("", root.Layers[:i+1]...), nn.Shape{3, 224, 224})
			if err != nil {
				t.Fatal(err)
			}
			if testfile.Dims(r.Output) != want {
				t.Errorf("got %v, want %s (torchvision)", r.Output, want)
			}
		})
		delete(tv.shapes, c.Name())
	}
	for name := range tv.shapes {
		t.Errorf("torchvision module %s has no counterpart", name)
	}
}
