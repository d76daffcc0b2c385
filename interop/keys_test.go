package interop_test

import (
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
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
