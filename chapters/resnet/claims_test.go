package resnet

import (
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/stretchr/testify/assert"
)

// TestClaims: every ledger entry is well formed (its quote stands on its
// line of the notes, a correction has a reason, a citation a source) and
// gets the verdict the chapter's evidence supports.
func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"resnet/network-in-network":        claims.Unsettled,
		"resnet/residual-algebra":          claims.Cited,
		"resnet/depth-152":                 claims.Confirmed,    // Depth of resnet152
		"resnet/cifar-1202-depth":          claims.Confirmed,    // Depth of resnet1202
		"resnet/cifar-1202-no-loss":        claims.Refuted,      // the paper's Table 6: 7.93% > 6.43%
		"resnet/degradation-both-errors":   claims.Demonstrated, // results/degradation
		"resnet/degradation-vanishing":     claims.Corrected,    // §4.1: not vanishing gradients
		"resnet/identity-construction":     claims.Confirmed,    // Embed: resnet56 ≡ resnet20
		"resnet/identity-gradient":         claims.Confirmed,    // and the same input gradient
		"resnet/paths-2n":                  claims.Confirmed,    // path polynomial
		"resnet/ensemble-one-path-per-run": claims.Corrected,    // all paths every run
		"resnet/ensemble-lesion":           claims.Demonstrated, // results/lesion
		"resnet/five-models":               claims.Confirmed,
		"resnet/stem-7x7":                  claims.Confirmed,
		"resnet/gap-fc1000":                claims.Confirmed,
		"resnet/gap-fewer-params":          claims.Confirmed,
		"resnet/bottleneck-50":             claims.Confirmed,
		"resnet/gap-vector-size":           claims.Confirmed,
		"resnet/bn-after-conv":             claims.Confirmed,
		"resnet/l2-augmentation":           claims.Cited,
		"resnet/relu-he":                   claims.Cited,
		"resnet/sgd-momentum":              claims.Cited,
		"resnet/batch-256":                 claims.Cited,
		"resnet/adaptive-lr":               claims.Refuted, // the paper: one global rate, step schedule
	}
	for _, err := range claims.Audit("resnet", ledger(t), want) {
		t.Error(err)
	}
}

// TestAdaptiveLR: nn.SGD gives two weights whose gradients differ by 1000×
// the same effective rate (two steps: 0.1·(1 + 1.9) = 0.29), where an
// adaptive method would not.
func TestAdaptiveLR(t *testing.T) {
	r1, r2 := SGDRates(0.1, 0.9, 1e-3, 1, 2)
	assert.InDelta(t, 0.29, r1, 1e-6, "rate for g = 0.001")
	assert.InDelta(t, 0.29, r2, 1e-6, "rate for g = 1")
}

// TestUnravel: three residual blocks with linear branches send every input
// along all 2^3 paths at once; the sum of the path outputs is the output
// up to float32 rounding.
func TestUnravel(t *testing.T) {
	diff, paths, det := Unravel(3, 4, 2016)
	assert.Equal(t, 8, paths)
	assert.True(t, det, "two eval runs differ")
	assert.Less(t, diff, 1e-5, "output vs sum of paths: got max difference %g", diff)
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
