package experiments

import (
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDegradationQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("degradation")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	var rec results.Degradation
	ok, err := readJSON(filepath.Join(dir, "degradation", "degradation.json"), &rec)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Len(t, rec.Runs, 2*len(degradationQuick.depths)*len(degradationQuick.seeds))
	for _, r := range rec.Runs {
		assert.Positive(t, r.TrainLoss, r.Model)
		require.NotEmpty(t, r.Grads, r.Model)
		assert.Len(t, r.Grads[0].Norms, len(r.Convs), r.Model)
		// Every convolution of a block, the stem and the transition.
		assert.Len(t, r.Convs, r.Layers-1, "%s: every weighted layer but fc is a convolution", r.Model)
		for _, n := range r.Grads[0].Norms {
			assert.Positive(t, n, r.Model)
		}
	}
	// Finished runs are skipped: a rerun changes nothing.
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	var again results.Degradation
	_, err = readJSON(filepath.Join(dir, "degradation", "degradation.json"), &again)
	require.NoError(t, err)
	assert.Equal(t, rec, again)
}
