package lenet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"lenet/seven-layers":          claims.Confirmed,
		"lenet/trainable-subsampling": claims.Corrected,
		"lenet/first-cnn":             claims.Refuted,
	}
	for _, err := range claims.Audit("lenet", ledger(t), want) {
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
