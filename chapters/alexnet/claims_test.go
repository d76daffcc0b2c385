package alexnet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"alexnet/imagenet-images":     claims.Cited,
		"alexnet/imagenet-categories": claims.Corrected,
		"alexnet/ilsvrc-2012":         claims.Cited,
		"alexnet/two-gpus":            claims.Confirmed,
		"alexnet/input-277":           claims.Corrected,
		"alexnet/conv1-48-per-tower":  claims.Confirmed,
		"alexnet/exchange-layers":     claims.Corrected,
		"alexnet/training-days":       claims.Cited,
		"alexnet/eight-layers":        claims.Confirmed,
		"alexnet/conv1-11x11-4":       claims.Confirmed,
		"alexnet/conv2-5x5":           claims.Corrected,
		"alexnet/overlapping-pool":    claims.Confirmed,
		"alexnet/lrn-layers":          claims.Confirmed,
		"alexnet/lrn-purpose":         claims.Cited,
		"alexnet/conv-relu-lrn-pool":  claims.Corrected,
		"alexnet/dropout-fc6-fc7":     claims.Confirmed,
		"alexnet/params-62M":          claims.Corrected,
		"alexnet/params-in-fc":        claims.Confirmed,
		"alexnet/dropout-p":           claims.Confirmed,
		"alexnet/ensemble-7":          claims.Cited,
		"alexnet/sgd-momentum":        claims.Cited,
		"alexnet/batch-128":           claims.Cited,
		"alexnet/lr-0.01":             claims.Cited,
	}
	got := Claims()
	if len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	seen := map[string]bool{}
	for _, c := range got {
		t.Run(c.ID, func(t *testing.T) {
			if seen[c.ID] {
				t.Errorf("duplicate ID %s", c.ID)
			}
			seen[c.ID] = true
			if err := c.Check(); err != nil {
				t.Error(err)
			}
			if v, ok := want[c.ID]; !ok || c.Verdict() != v {
				t.Errorf("verdict: got %s, want %s (computed: %s)", c.Verdict(), v, c.Computed)
			}
			if c.Chapter != chapter {
				t.Errorf("chapter: got %q, want %q", c.Chapter, chapter)
			}
		})
	}
}
