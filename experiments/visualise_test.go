package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVisualiseQuick runs `book experiment visualise -quick` (300 training
// images, 2 epochs) and checks the record it writes, then runs it again:
// the second run finds the trained net and only analyses it. Then it
// interrupts and resumes a run.
func TestVisualiseQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("visualise")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	p := filepath.Join(dir, "visualise", results.VisualiseFile)
	v, err := results.ReadVisualise(p)
	require.NoError(t, err)
	assert.Len(t, v.Filters, 16, "conv1's filters")
	assert.Len(t, v.Settling, 5, "one settling curve per weighted layer")
	for _, s := range v.Settling {
		assert.Len(t, s.Rel, 2, s.Layer)
		assert.Zero(t, s.Rel[1], "%s: the last epoch is the final weights", s.Layer)
	}
	require.Len(t, v.Top, 4)
	for _, l := range v.Top {
		require.Len(t, l.Top, 2, l.Layer)
		for _, m := range l.Top {
			require.NotEmpty(t, m.Hit, "%s map %d", l.Layer, m.Map)
			for i, h := range m.Hit {
				n := (h.Y1 - h.Y0) * (h.X1 - h.X0)
				assert.Len(t, h.Patch, n, "%s map %d hit %d: patch", l.Layer, m.Map, i)
				assert.Len(t, h.Proj, n, "%s map %d hit %d: projection", l.Layer, m.Map, i)
				if i > 0 {
					assert.LessOrEqual(t, h.Act, m.Hit[i-1].Act, "strongest first")
				}
			}
		}
	}
	assert.Equal(t, 5, v.Top[0].RF, "relu1 sees conv1's 5×5 window")
	assert.Len(t, v.Invariance, 3, "shift, rotation, scale of one image")
	for _, inv := range v.Invariance {
		for a, amt := range inv.Amount {
			if (inv.Kind == "scale" && amt == 1) || (inv.Kind != "scale" && amt == 0) {
				assert.InDelta(t, 0, inv.Low[a], 1e-6, "%s %v: the image itself", inv.Kind, amt)
				assert.InDelta(t, 0, inv.High[a], 1e-6, "%s %v: the image itself", inv.Kind, amt)
			}
		}
	}
	require.Len(t, v.Occlusion, 1)
	o := v.Occlusion[0]
	assert.Len(t, o.Prob, o.Side*o.Side)
	assert.Equal(t, (28-o.Square)/o.Stride+1, o.Side)

	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}), "a rerun analyses the trained net again")
	v2, err := results.ReadVisualise(p)
	require.NoError(t, err)
	assert.Equal(t, v.Run.FinalTestAcc, v2.Run.FinalTestAcc, "the rerun did not retrain")
	assert.Equal(t, v.Top[3].Top[0].Hit[0].Proj, v2.Top[3].Top[0].Hit[0].Proj, "the analysis is deterministic")

	// Resumable: stopped after its first epoch, as if killed, and run
	// again, it resumes from the checkpoint and the weight snapshots and
	// ends where the uninterrupted run ended.
	parts := t.TempDir()
	sz := sizeOf(true)
	sz.stopAfter = 1
	require.ErrorContains(t, runVisualiseSize(Options{Dir: parts, Quick: true}, sz), "stopped after epoch 1 of 2")
	require.NoError(t, e.Run(Options{Dir: parts, Quick: true}), "resumed")
	b, err := results.ReadVisualise(filepath.Join(parts, "visualise", results.VisualiseFile))
	require.NoError(t, err)
	assert.Equal(t, v.Settling, b.Settling, "the same weights after every epoch")
	assert.Equal(t, v.Filters, b.Filters)
}

// TestVisualiseBadSnapshots: a corrupt snapshots file is an error that
// names it, not a panic or a silent retrain.
func TestVisualiseBadSnapshots(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "visualise"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "visualise", "snapshots.ckpt"), []byte("not a gob"), 0o644))
	err := runVisualise(Options{Dir: dir, Quick: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snapshots.ckpt")
	t.Log(err)
}

// TestReceptiveBox checks the receptive fields of zfnet.MNIST against
// nn.Analyze's.
func TestReceptiveBox(t *testing.T) {
	m := zfnet.MNIST()
	rep, err := m.Analyze()
	require.NoError(t, err)
	net := m.Net.(*nn.Sequential)
	for _, name := range visLayers {
		k, err := layerIndex(net, name)
		require.NoError(t, err)
		lo, hi := receptiveBox(net, k, 0)
		var rf int
		for _, r := range rep.Rows {
			if r.Name == name {
				rf = r.RF.Size
			}
		}
		assert.Equal(t, rf, hi-lo+1, "%s: receptive field", name)
	}
}

// TestTransform: the identity transformations return the image, and a
// shift moves a pixel.
func TestTransform(t *testing.T) {
	img := make([]float32, 28*28)
	img[10*28+12] = 1
	for _, c := range []struct {
		kind string
		a    float64
	}{{"shift", 0}, {"rotation", 0}, {"scale", 1}} {
		assert.Equal(t, img, transform(img, c.kind, c.a), c.kind)
	}
	s := transform(img, "shift", 3)
	assert.Equal(t, float32(1), s[13*28+12], "shifted down by 3")
	r := transform(img, "rotation", 360)
	assert.InDelta(t, 1, r[10*28+12], 1e-6, "a full turn")
}

// TestCommittedVisualise loads the committed weights of the visualise
// net into today's zfnet.MNIST and recomputes the accuracy the run
// recorded on the first 1,000 test images (stale weights fail).
func TestCommittedVisualise(t *testing.T) {
	v, err := results.LoadVisualise()
	require.NoError(t, err)
	r := VisualiseRecipe()
	m := r.Build()
	w := train.PathsOf(filepath.Join("..", "results", "visualise"), v.Model, v.Seed).Weights
	require.NoError(t, weights.Load(m.Net, w, nil))
	test, err := mnist.Load(mnist.Test)
	require.NoError(t, err)
	_, acc, err := train.Evaluate(m, test, mnist.Range(0, v.Run.Check.Images), r.Format, r.Loss)
	require.NoError(t, err)
	assert.Equal(t, v.Run.Check.Acc, acc, "%s: accuracy on the first %d test images", w, v.Run.Check.Images)
	assert.False(t, strings.Contains(v.Command, "-quick"), "the committed record is the full run")
	t.Logf("%s: %.3f on the first %d test images, as recorded (final test accuracy %.4f)", w, acc, v.Run.Check.Images, v.Run.FinalTestAcc)
}
