package train

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// small is the lenet5 recipe on a subset that trains in about a second.
func small(t *testing.T, epochs int) (Recipe, Options) {
	t.Helper()
	r, err := Lookup("lenet5")
	require.NoError(t, err)
	r.Epochs = epochs
	return r, Options{Dir: t.TempDir(), TrainImages: 1000, EvalImages: 500}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// TestDeterministic trains on 1,000 images twice from the same seed and
// compares the weights byte for byte; the loss must have fallen, and
// another seed must give other bytes.
func TestDeterministic(t *testing.T) {
	r, o1 := small(t, 2)
	res1, err := Run(r, 1, o1)
	require.NoError(t, err)
	_, o2 := small(t, 2)
	_, err = Run(r, 1, o2)
	require.NoError(t, err)
	_, o3 := small(t, 2)
	_, err = Run(r, 2, o3)
	require.NoError(t, err)

	w1 := read(t, PathsOf(o1.Dir, r.Model, 1).Weights)
	w2 := read(t, PathsOf(o2.Dir, r.Model, 1).Weights)
	w3 := read(t, PathsOf(o3.Dir, r.Model, 2).Weights)
	assert.True(t, bytes.Equal(w1, w2), "same seed: the weights files differ")
	assert.False(t, bytes.Equal(w1, w3), "seeds 1 and 2 gave the same weights")

	e := res1.Epochs
	require.Len(t, e, 2)
	assert.Less(t, e[1].TrainLoss, e[0].TrainLoss, "the training loss did not fall")
	assert.Greater(t, e[1].TestAcc, 0.5, "after 2 epochs on 1,000 images")
	t.Logf("1,000 images, 2 epochs: train loss %.3f → %.3f, test accuracy (500 images) %.3f; %d-byte weights identical on a rerun",
		e[0].TrainLoss, e[1].TrainLoss, e[1].TestAcc, len(w1))
}

// TestResume: one epoch, then -resume to two, gives the bytes of two
// epochs in one go (the momentum buffers and each epoch's generator are
// restored, not restarted).
func TestResume(t *testing.T) {
	r, straight := small(t, 2)
	_, err := Run(r, 3, straight)
	require.NoError(t, err)

	_, split := small(t, 2)
	split.StopAfter = 1
	_, err = Run(r, 3, split)
	require.NoError(t, err)
	assert.NoFileExists(t, PathsOf(split.Dir, r.Model, 3).Weights, "stopped early: only the checkpoint")
	split.Resume, split.StopAfter = true, 0
	res, err := Run(r, 3, split)
	require.NoError(t, err)
	require.Len(t, res.Epochs, 2)

	assert.Equal(t, read(t, PathsOf(straight.Dir, r.Model, 3).Weights), read(t, PathsOf(split.Dir, r.Model, 3).Weights))

	_, err = Run(r, 3, split)
	assert.ErrorContains(t, err, "nothing to resume")
	assert.ErrorContains(t, err, "already holds 2 epochs of 2")
}

func TestResumeNothing(t *testing.T) {
	r, o := small(t, 1)
	o.Resume = true
	_, err := Run(r, 1, o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing to resume: no checkpoint "+filepath.Join(o.Dir, "lenet5-seed1.ckpt"))
}

// TestCheckpointOtherModel resumes lenet5 from a checkpoint of
// lenet5-1998 put in its place: the error names the first tensor that
// does not fit.
func TestCheckpointOtherModel(t *testing.T) {
	r, o := small(t, 1)
	other := r
	other.Model, other.Build, other.Init = "lenet5-1998", lenet.LeNet1998, lenet.Init
	_, err := Run(other, 1, o)
	require.NoError(t, err)
	require.NoError(t, os.Rename(PathsOf(o.Dir, "lenet5-1998", 1).Checkpoint, PathsOf(o.Dir, "lenet5", 1).Checkpoint))

	o.Resume = true
	r.Epochs = 2
	_, err = Run(r, 1, o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `does not fit lenet5 (it is a checkpoint of lenet5-1998): first mismatching tensor "C3.weight"`)
	t.Log(err)
}

// TestNaNStops: a learning rate far too large makes the loss overflow; the
// run stops with a message saying so, and the checkpoint of the last good
// epoch is left as it was.
func TestNaNStops(t *testing.T) {
	r, o := small(t, 2)
	o.StopAfter = 1
	_, err := Run(r, 1, o)
	require.NoError(t, err)
	ckpt := PathsOf(o.Dir, r.Model, 1).Checkpoint
	before := read(t, ckpt)

	r.LR, o.Resume, o.StopAfter = 1e30, true, 0
	_, err = Run(r, 1, o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "training diverged")
	assert.Contains(t, err.Error(), "the last good checkpoint, after epoch 1, is kept at "+ckpt)
	assert.Equal(t, before, read(t, ckpt))
	t.Log(err)
}

func TestRecipeCheck(t *testing.T) {
	r, o := small(t, 1)
	for _, c := range []struct {
		edit func(*Recipe)
		want string
	}{
		{func(r *Recipe) { r.Epochs = 0 }, "epochs must be positive, got 0"},
		{func(r *Recipe) { r.Batch = -1 }, "batch must be positive, got -1"},
		{func(r *Recipe) { r.LR = -0.1 }, "learning rate must be a positive number, got -0.1"},
		{func(r *Recipe) { r.Momentum = 1 }, "momentum must be in [0, 1), got 1"},
	} {
		bad := r
		c.edit(&bad)
		_, err := Run(bad, 1, o)
		assert.ErrorContains(t, err, c.want)
	}
	_, err := Lookup("vgg16")
	assert.ErrorContains(t, err, `no training recipe for "vgg16" (known: lenet5`)
}

func TestLRAt(t *testing.T) {
	r := Recipe{LR: 0.1, Gamma: 0.1, Drops: []float64{0.5, 0.75}}
	for _, c := range []struct {
		t    int
		want float64
	}{{0, 0.1}, {49, 0.1}, {50, 0.01}, {74, 0.01}, {75, 0.001}, {99, 0.001}} {
		assert.InDelta(t, c.want, r.LRAt(c.t, 100), 1e-12, "step %d", c.t)
	}
}

// TestPlanOutput: the logits a training plan's Step leaves (read back
// with Plan.Output for the training accuracy) are those of the module
// tree's own Forward on the same weights, and so is the loss.
func TestPlanOutput(t *testing.T) {
	r, err := Lookup("lenet5")
	require.NoError(t, err)
	m := r.Build()
	nn.InitParams(m.Net, nn.NewRNG(1))
	set, err := mnist.Load(mnist.Test)
	require.NoError(t, err)
	x, labels := set.BatchFormat(mnist.Range(0, 37), r.Format) // 37: an odd split over the cores
	want := m.Net.Forward(&nn.Ctx{Train: true}, x)
	wantLoss, _, err := nn.SoftmaxCrossEntropy(want, labels)
	require.NoError(t, err)

	p, err := nn.NewPlan(m.Net, m.Input, len(labels), true)
	require.NoError(t, err)
	loss, err := p.Step(x, labels)
	require.NoError(t, err)
	got := p.Output()
	require.Equal(t, want.Shape, got.Shape)
	var worst, scale float64
	for i := range want.Data {
		worst = max(worst, math.Abs(float64(got.Data[i]-want.Data[i])))
		scale = max(scale, math.Abs(float64(want.Data[i])))
	}
	assert.LessOrEqual(t, worst, 1e-5*scale, "logits")
	assert.InDelta(t, wantLoss, loss, 1e-5*wantLoss)
}
