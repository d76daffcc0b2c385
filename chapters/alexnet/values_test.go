package alexnet

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
	require.NoError(t, claims.CheckValues("alexnet", vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	for id, want := range map[string]string{
		"alexnet/params":           "60,965,224", // PyTorch count of the two-tower network (testdata)
		"alexnet/tv-params":        "61,100,840", // torchvision 0.14
		"alexnet/fc6-receives-224": "6,400",      // 256·5·5: pool5 of a 224 input
		"alexnet/fc6-receives-277": "12,544",     // 256·7·7: pool5 of a 277 input
		"alexnet/side-exact":       "227",        // (227−11)/4+1 = 55, the side §3.5's sizes need
	} {
		assert.Equal(t, want, got[id], "%s", id)
	}
}
