package interop_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// TestEveryModelHasUsableKeys: every registered model (torchvision's or
// our own) can be saved and loaded by key — its keys are unique, dotted
// paths of non-empty names. Shapes only: nothing is allocated.
func TestEveryModelHasUsableKeys(t *testing.T) {
	for _, e := range all.Models() {
		seen := map[string]bool{}
		for _, p := range nn.AllParams(e.Build().Net) {
			if seen[p.Key] {
				t.Errorf("%s: two tensors are named %q", e.Name, p.Key)
			}
			seen[p.Key] = true
			if p.Key == "" || strings.HasPrefix(p.Key, ".") || strings.Contains(p.Key, "..") || strings.HasSuffix(p.Key, ".") {
				t.Errorf("%s: malformed key %q", e.Name, p.Key)
			}
		}
		if len(seen) == 0 {
			t.Errorf("%s: no tensors", e.Name)
		}
	}
}

// roundTripLimit bounds the models TestEveryModelRoundTrips saves and
// loads, in values, to keep the test fast; the big torchvision models
// round-trip through TestGolden's loader and book export (cmd/book).
const roundTripLimit = 10_000_000

// TestEveryModelRoundTrips: every registered model of at most
// roundTripLimit values, our own key names included, is written by
// weights.Tensors and read back by weights.Read into a fresh build, value
// for value, with a num_batches_tracked beside each BatchNorm.
func TestEveryModelRoundTrips(t *testing.T) {
	n := 0
	for _, e := range all.Models() {
		a := e.Build()
		var size int64
		for _, p := range nn.AllParams(a.Net) {
			size += p.Size()
		}
		if size > roundTripLimit {
			continue
		}
		n++
		weights.Hash(a.Net)
		ts, err := weights.Tensors(a.Net)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, ts, map[string]string{"model": e.Name}); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		f, err := safetensors.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		b := e.Build()
		if err := weights.Read(b.Net, f, &weights.Options{Optional: func(string) bool { return false }}); err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		pb := nn.AllParams(b.Net)
		for i, p := range nn.AllParams(a.Net) {
			if !slices.Equal(p.Data, pb[i].Data) {
				t.Errorf("%s: %s differs after the round trip", e.Name, p.Key)
			}
		}
		bn := 0
		for _, p := range pb {
			if strings.HasSuffix(p.Key, ".running_mean") {
				bn++
				if _, ok := f.Lookup(strings.TrimSuffix(p.Key, "running_mean") + "num_batches_tracked"); !ok {
					t.Errorf("%s: no num_batches_tracked beside %s", e.Name, p.Key)
				}
			}
		}
		if got := len(f.Tensors) - len(pb); got != bn {
			t.Errorf("%s: %d tensors beyond the model's, want %d num_batches_tracked", e.Name, got, bn)
		}
	}
	t.Logf("%d of %d models round-tripped (≤ %s values each)", n, len(all.Models()), nn.Comma(roundTripLimit))
}
