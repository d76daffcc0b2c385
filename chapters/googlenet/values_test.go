package googlenet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestValues checks the prose values are well formed and agree with the
// figures the chapter's tests check against the paper and torchvision.
func TestValues(t *testing.T) {
	vs, err := Values()
	require.NoError(t, err)
	require.NoError(t, claims.CheckValues("googlenet", vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	assert.Equal(t, "22", got["googlenet/depth"], "Szegedy et al. 2015 §5: 22 layers")
	assert.Equal(t, "13,004,888", got["googlenet/tv-params"], "torchvision 0.14 googlenet")
	assert.Equal(t, "6,797.7K", got["googlenet/table1-params-sum"], "Table 1's params column")
}
