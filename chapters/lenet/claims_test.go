package lenet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"lenet/seven-layers":          claims.Confirmed,
		"lenet/trainable-subsampling": claims.Corrected,
		"lenet/first-cnn":             claims.Cited,
	}
	got := Claims()
	if len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	for _, c := range got {
		t.Run(c.ID, func(t *testing.T) {
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
