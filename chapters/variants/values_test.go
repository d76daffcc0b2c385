package variants

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestValues checks the prose values are well formed and agree with the
// listings they summarise.
func TestValues(t *testing.T) {
	vs, err := Values()
	require.NoError(t, err)
	require.NoError(t, claims.CheckValues("variants", vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	assert.Equal(t, "2.91", got["variants/clean-original"], "ExampleFigureFour and the ledger print the same probe")
	assert.Equal(t, "4,000", got["variants/sd-passes"], "ExampleLinearDecay counts 4000 passes")
	assert.Equal(t, "26", got["variants/wrn-depth"], "wrn-28-10: conv1 + 24 + fc")
	assert.Equal(t, "4,231,976", got["variants/mobilenet-params"], "MobileNet v1 counted by the PyTorch definition of testdata/counts.txt; Howard et al. 2017 Table 8: 4.2M")
}
