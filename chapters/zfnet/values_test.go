package zfnet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestValues checks the prose values are well formed and agree with
// Fig. 3's sizes.
func TestValues(t *testing.T) {
	vs, err := Values()
	require.NoError(t, err)
	require.NoError(t, claims.CheckValues(chapter, vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	assert.Equal(t, "110, 55, 26, 13 and 6", got["zfnet/sizes"], "Zeiler & Fergus 2014 Fig. 3")
}
