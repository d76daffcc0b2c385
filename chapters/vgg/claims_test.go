package vgg

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Every entry is well formed (its quote stands on its line of the notes)
// and gets the verdict the chapter argues for.
func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"vgg/six-configurations":       claims.Confirmed, // Table 1 has six columns
		"vgg/depths":                   claims.Confirmed, // 11, 13, 16, 19 weight layers
		"vgg/stacked-3x3-rf":           claims.Confirmed, // two 3×3 see 5×5 (§2.3)
		"vgg/stacked-3x3-weights":      claims.Confirmed, // 18C² < 25C², 27C² < 49C²
		"vgg/five-blocks":              claims.Confirmed, // five max-pooled blocks
		"vgg/fc7-context-vector":       claims.Cited,     // Appendix B
		"vgg/memory-early-params-late": claims.Confirmed, // TestBreakdown
		"vgg/memory-96m":               claims.Corrected, // 60.4 MB by our count; 96 = 24M×4 (CS231n)
		"vgg/params-138m":              claims.Confirmed, // 138,357,544
		"vgg/vgg19-more-params":        claims.Confirmed, // 143,667,240 > 138,357,544
	}
	for _, err := range claims.Audit("vgg", ledger(t), want) {
		t.Error(err)
	}
}

// The 96 MB entry's numbers: 15,112,168 floats · 4 bytes = 60.4 MB.
func TestClaimMemory(t *testing.T) {
	for _, c := range ledger(t) {
		if c.ID != "vgg/memory-96m" {
			continue
		}
		if got, want := c.ComputedValue, 4*15_112_168/1e6; got != want {
			t.Errorf("computed: got %v MB, want %v MB", got, want)
		}
		t.Log(c.Computed)
		t.Log(c.Reason)
	}
}

// ledger is the chapter's ledger, or the test fails with Claims' error.
func ledger(t *testing.T) []claims.Claim {
	t.Helper()
	cs, err := Claims()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
