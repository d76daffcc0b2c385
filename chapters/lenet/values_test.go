package lenet

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestValues checks that the chapter's prose values are well formed and
// agree with the counts TestLeNet1998 checks against the paper.
func TestValues(t *testing.T) {
	vs, err := Values()
	require.NoError(t, err)
	require.NoError(t, claims.CheckValues(chapter, vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	for id, want := range map[string]string{
		"lenet/c1-connections": "122,304", // §II.B
		"lenet/c3-params":      "1,516",   // §II.B
		"lenet/connections":    "340,908", // §II.B
		"lenet/trainable":      "60,000",  // §II.B, "60,000 trainable parameters"
	} {
		require.Equal(t, want, got[id], "%s: got %s, want %s (LeCun et al. 1998 §II.B)", id, got[id], want)
	}
}
