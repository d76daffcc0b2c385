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
	for _, err := range claims.Audit("lenet", Claims(), want) {
		t.Error(err)
	}
}
