package vgg

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
	require.NoError(t, claims.CheckValues(chapter, vs))
	got := map[string]string{}
	for _, v := range vs {
		got[v.ID] = v.Text
		t.Logf("%s = %s (%s)", v.ID, v.Text, v.Source)
	}
	assert.Equal(t, "138,357,544", got["vgg/vgg16-params"], "torchvision 0.14 vgg16")
	assert.Equal(t, "133, 133, 133, 134, 138, 144", got["vgg/table2-millions"], "Simonyan & Zisserman 2015 Table 2")
}
