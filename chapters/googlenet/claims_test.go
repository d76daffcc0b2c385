package googlenet

import (
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Every entry is well formed (its quote stands on its line of the notes)
// and gets the verdict the chapter argues for.
func TestClaims(t *testing.T) {
	want := map[string]claims.Verdict{
		"googlenet/network-in-network":  claims.Cited,
		"googlenet/sparse-dense":        claims.Cited,
		"googlenet/stem-rationale":      claims.Refuted,
		"googlenet/params-5m":           claims.Corrected, // 6,998,552 counted
		"googlenet/12x-fewer":           claims.Corrected, // 60,965,224 / 6,998,552 = 8.7×
		"googlenet/22-layers":           claims.Confirmed, // TestDepth
		"googlenet/inception-18-layers": claims.Confirmed, // 9 × 2
		"googlenet/maxpool-positions":   claims.Confirmed, // before 3a, 4a, 5a
		"googlenet/two-aux":             claims.Confirmed, // aux1, aux2
		"googlenet/aux-train-only":      claims.Confirmed, // TestForwardAux
		"googlenet/aux-purpose":         claims.Cited,     // needs training
		"googlenet/aux-layout":          claims.Confirmed, // avg pool, 1×1 conv, fc, fc
		"googlenet/naive-channels-grow": claims.Confirmed, // TestNaiveBody
		"googlenet/bottleneck-cuts":     claims.Confirmed, // TestInception3a
		"googlenet/reduce-placement":    claims.Confirmed, // Fig. 2b
		"googlenet/avgpool-head":        claims.Confirmed, // 1,025,000 vs 50,177,000
		"googlenet/four-branches":       claims.Confirmed, // Fig. 2b in all nine modules
		"googlenet/one-fc":              claims.Confirmed, // fc; the aux heads' four only in training
	}
	for _, err := range claims.Audit("googlenet", ledger(t), want) {
		t.Error(err)
	}
}

// The numbers behind the two corrected entries. AlexNet (Krizhevsky et
// al. 2012, two-GPU form): conv1 34,944 + conv2 307,456 + conv3 885,120 +
// conv4 663,936 + conv5 442,624 + fc6 37,752,832 + fc7 16,781,312 + fc8
// 4,097,000 = 60,965,224 ("60 million parameters", abstract). GoogLeNet
// at inference: conv1 9,472 + conv2 4,160 + conv3 110,784 + the modules'
// 5,842,176 weights and 6,960 biases + fc 1,025,000 = 6,998,552.
func TestClaimNumbers(t *testing.T) {
	if got := AlexNetParams(); got != 60_965_224 {
		t.Errorf("AlexNet: got %d params, want 60,965,224", got)
	}
	for _, c := range ledger(t) {
		switch c.ID {
		case "googlenet/params-5m":
			if c.ComputedValue != 6_998_552 {
				t.Errorf("googlenet inference params: got %v, want 6,998,552", c.ComputedValue)
			}
		case "googlenet/12x-fewer":
			if math.Abs(c.ComputedValue-60_965_224.0/6_998_552) > 1e-12 {
				t.Errorf("ratio: got %v, want 60,965,224/6,998,552 ≈ 8.71", c.ComputedValue)
			}
		}
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
