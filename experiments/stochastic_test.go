package experiments

import (
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStochasticDepthQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("stochastic-depth")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	var rec results.StochasticDepth
	ok, err := readJSON(filepath.Join(dir, "stochastic-depth", "stochastic-depth.json"), &rec)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 2*LesionBlocksPerStage, rec.Blocks)
	assert.InDelta(t, variants.ExpectedBlocks(variants.LinearDecay(rec.Blocks, SDSurvivalLast)), rec.ExpectedBlocks, 1e-12)
	// The stem, transition and classifier always run: the expected work
	// lies between the blocks' expected share and all of it.
	assert.Greater(t, rec.ExpectedWork, rec.ExpectedBlocks/float64(rec.Blocks))
	assert.Less(t, rec.ExpectedWork, 1.0)
	require.Len(t, rec.Runs, 2*len(sdQuick.seeds))
	for _, r := range rec.Runs {
		assert.Len(t, r.EpochSeconds, sdQuick.epochs, r.Model)
	}
}
