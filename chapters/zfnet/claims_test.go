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
		"zfnet/conv1-receptive-field": claims.Cited, // why the paper changed conv1: judged by its words
		"zfnet/receptive-field-grows": claims.Confirmed,
		"zfnet/lower-layers-first":    claims.Unsettled,    // results/visualise: did not reproduce at this scale
		"zfnet/invariance":            claims.Demonstrated, // results/visualise: small shifts, scalings, rotations
		"zfnet/localisation":          claims.Demonstrated, // results/visualise: occlusion
		"zfnet/deconv-is-transpose":   claims.Corrected,
	}
	for _, err := range claims.Audit("zfnet", ledger(t), want) {
		t.Error(err)
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
