package resnet

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
	require.NoError(t, claims.CheckValues("resnet", vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	for id, want := range map[string]string{
		"resnet/resnet152-depth":   "152",                    // He et al. 2016 Table 1
		"resnet/resnet50-params":   "25,557,032",             // torchvision 0.14 resnet50
		"resnet/resnet1202-depth":  "1202",                   // §4.2
		"resnet/resnet110-paths":   "18,014,398,509,481,984", // 2^54, Veit et al. 2016
		"resnet/resnet20-params":   "269,722",                // independent PyTorch definition (testdata/cifar.txt)
		"resnet/resnet110-blocks":  "54",                     // 3n with 6n+2 = 110 (§4.2)
		"resnet/resnet1202-blocks": "600",                    // 3n with 6n+2 = 1202
	} {
		assert.Equal(t, want, got[id], "%s", id)
	}
}
