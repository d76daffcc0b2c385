package train

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resultsDir is where `book train` writes by default, at the repository root.
const resultsDir = "../results"

// TestCommittedWeights loads every committed weights file into today's
// model and recomputes the accuracy its results file recorded on the
// first 1,000 test images: a change to the model, the data pipeline or the
// weights that would make the book's trained numbers stale fails here.
func TestCommittedWeights(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(resultsDir, "*-seed*.json"))
	require.NoError(t, err)
	seen := map[string]int{}
	test, err := mnist.Load(mnist.Test)
	require.NoError(t, err)
	for _, f := range files {
		res, err := results.ReadFile(f)
		require.NoError(t, err)
		r, err := Lookup(res.Model)
		require.NoError(t, err, f)
		m := r.Build()
		w := PathsOf(resultsDir, res.Model, res.Seed).Weights
		require.NoError(t, weights.Load(m.Net, w, nil), f)
		_, acc, err := Evaluate(m, test, mnist.Range(0, res.Check.Images), r.Format, r.Loss)
		require.NoError(t, err)
		assert.Equal(t, res.Check.Acc, acc, "%s: accuracy on the first %d test images", w, res.Check.Images)
		fi, err := os.Stat(w)
		require.NoError(t, err)
		t.Logf("%s: %.3f on the first %d test images, as recorded (final test accuracy %.4f; %d bytes)",
			filepath.Base(w), acc, res.Check.Images, res.FinalTestAcc, fi.Size())
		seen[res.Model]++
	}
	assert.GreaterOrEqual(t, seen["lenet5"], 3, "lenet5 is committed at three seeds")
}
