package variants

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestClaims: every ledger entry is well formed (its quote stands on its
// line of the notes, a correction has a reason, a citation a source), sets
// beside the notes both the value our code computes and an independent
// cited one with its source (Sourced), and gets the verdict the chapter's
// evidence supports.
func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"variants/comparison-chart":         claims.Cited,
		"variants/mobilenet-purpose":        claims.Cited,
		"variants/original-order":           claims.Confirmed, // Ordering(resnet.BasicBlock)
		"variants/neuron-order":             claims.Confirmed, // conv first, ReLU last in resnet.BasicBlock
		"variants/preact-better":            claims.Cited,     // He et al. 2016b Table 2
		"variants/neuron-order-not-optimal": claims.Cited,     // He et al. 2016b Tables 2, 3
		"variants/full-preact-order":        claims.Confirmed, // Ordering + IdentityIsClean
		"variants/wide-motivation":          claims.Cited,
		"variants/wide-parallel":            claims.Confirmed, // MACs per sequential layer
		"variants/wide-k":                   claims.Confirmed, // filters ×k (params ×k²)
		"variants/wide-neurons":             claims.Confirmed, // activations ×9.8 ≈ k
		"variants/resnext-split":            claims.Confirmed, // 32 paths in the aggregated form
		"variants/resnext-homogeneous":      claims.Cited,
		"variants/resnext-cardinality":      claims.Confirmed, // Table 2 at equal cost; errors cited
		"variants/resnext-grouped":          claims.Confirmed, // CompareForms
		"variants/sd-shorter":               claims.Confirmed, // 40.25 of 54 blocks
		"variants/sd-vanishing":             claims.Unsettled, // results/stochastic-depth: accuracy fell
		"variants/sd-test-all":              claims.Corrected, // branches scaled by p at test
		"variants/sd-dropped-identity":      claims.Confirmed,
		"variants/fractal-idea":             claims.Cited,
		"variants/fractalnet-paths":         claims.Confirmed, // paths of 1…4 convs per block
		"variants/fractal-droppath":         claims.Confirmed,
		"variants/dense-connectivity":       claims.Confirmed, // L(L+1)/2
		"variants/dense-vanishing":          claims.Refuted,   // alleviate, not solve
		"variants/dense-concat":             claims.Confirmed, // ConcatCheck
		"variants/mobilenet-dwsep":          claims.Confirmed,
		"variants/mobilenet-cost":           claims.Confirmed, // 8.6× MACs, 6.9× params
	}
	got, err := Claims()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range claims.Audit("variants", got, want) {
		t.Error(err)
	}
	for _, c := range got {
		if err := c.Sourced(); err != nil {
			t.Error(err)
		}
		// The comparison chart's paragraph (the notes' unnumbered section
		// before §7) is taught by this chapter's "Comparing the networks".
		if c.Line < claims.LineOf(section) && c.ID != "variants/comparison-chart" {
			t.Errorf("%s: line %d is before section 7 (line %d)", c.ID, c.Line, claims.LineOf(section))
		}
	}
}
