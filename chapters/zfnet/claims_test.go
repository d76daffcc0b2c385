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
		"zfnet/lower-layers-first":    claims.Cited,   // needs training (Fig. 4)
		"zfnet/invariance":            claims.Refuted, // translation and scale, not rotation (Fig. 5)
		"zfnet/localisation":          claims.Cited,   // needs a trained net (Fig. 7)
		"zfnet/deconv-is-transpose":   claims.Corrected,
	}
	for _, err := range claims.Audit("zfnet", Claims(), want) {
		t.Error(err)
	}
}
