package alexnet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"alexnet/grouped-conv-resnext": claims.Cited,
		"alexnet/l2-augmentation":      claims.Cited,
		"alexnet/imagenet-images":      claims.Cited,
		"alexnet/imagenet-categories":  claims.Refuted, // a fact about the data set: judged by the sources
		"alexnet/ilsvrc-2012":          claims.Cited,
		"alexnet/two-gpus":             claims.Confirmed,
		"alexnet/input-277":            claims.Corrected,
		"alexnet/conv1-48-per-tower":   claims.Confirmed,
		"alexnet/exchange-layers":      claims.Corrected,
		"alexnet/training-days":        claims.Cited,
		"alexnet/eight-layers":         claims.Confirmed,
		"alexnet/conv1-11x11-4":        claims.Confirmed,
		"alexnet/conv2-5x5":            claims.Corrected,
		"alexnet/overlapping-pool":     claims.Confirmed,
		"alexnet/lrn-layers":           claims.Confirmed,
		"alexnet/lrn-purpose":          claims.Refuted,
		"alexnet/conv-relu-lrn-pool":   claims.Corrected,
		"alexnet/dropout-fc6-fc7":      claims.Confirmed,
		"alexnet/params-62M":           claims.Confirmed,
		"alexnet/params-in-fc":         claims.Confirmed,
		"alexnet/dropout-p":            claims.Cited,
		"alexnet/ensemble-7":           claims.Cited,
		"alexnet/sgd-momentum":         claims.Cited,
		"alexnet/batch-128":            claims.Cited,
		"alexnet/lr-0.01":              claims.Cited,
		"alexnet/regularisers-help":    claims.Unsettled, // results/training-recipe: no effect shows at this scale
	}
	for _, err := range claims.Audit("alexnet", ledger(t), want) {
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
