package zfnet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"zfnet/conv1-7x7-2":           claims.Confirmed,
		"zfnet/conv3-5-widths":        claims.Corrected,
		"zfnet/one-tower":             claims.Confirmed,
		"zfnet/conv1-receptive-field": claims.Confirmed,
		"zfnet/receptive-field-grows": claims.Confirmed,
		"zfnet/deconv-is-transpose":   claims.Corrected,
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
