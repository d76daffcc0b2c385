package experiments

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLesionNet(t *testing.T) {
	for _, residual := range []bool{true, false} {
		m := LesionNet(residual)
		rep, err := m.Analyze()
		require.NoError(t, err)
		assert.Equal(t, 4*LesionBlocksPerStage+3, rep.Depth, "%s: weighted layers", m.Name)
		assert.Len(t, Blocks(m), 2*LesionBlocksPerStage)
		// Deleting blocks keeps the shapes and the other blocks.
		d := WithoutBlocks(m, []int{0, 7})
		assert.Len(t, Blocks(d), 2*LesionBlocksPerStage-2)
		_, err = d.Analyze()
		require.NoError(t, err)
	}
}

// TestDeletedResidualBlockIsIdentity: with a block deleted, a residual
// network computes what it computes with that block's branch set to zero
// (its shortcut kept), the definition of Veit et al. 2016.
func TestDeletedResidualBlockIsIdentity(t *testing.T) {
	m := LesionNet(true)
	nn.InitParams(m.Net, nn.NewRNG(3))
	x := nn.NewTensor(2, 1, 28, 28)
	rng := nn.NewRNG(4)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	got, err := nn.Run(WithoutBlocks(m, []int{2}).Net, nn.Eval, x)
	require.NoError(t, err)
	got = got.Clone()
	r := Blocks(m)[2].(*nn.Residual)
	for _, p := range nn.AllParams(r.Branch) {
		if p.Name == "weight" && len(p.Shape) == 4 {
			clear(p.Data) // conv weights 0: the branch outputs bn2's shift, 0 at init
		}
	}
	want, err := nn.Run(m.Net, nn.Eval, x)
	require.NoError(t, err)
	for i := range want.Data {
		assert.InDelta(t, want.Data[i], got.Data[i], 1e-5)
	}
}

func TestLesionQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("lesion")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	var rec results.Lesion
	ok, err := readJSON(filepath.Join(dir, "lesion", "lesion.json"), &rec)
	require.NoError(t, err)
	require.True(t, ok)
	require.Len(t, rec.Nets, 2)
	for _, n := range rec.Nets {
		assert.Len(t, n.Single, 2*LesionBlocksPerStage, n.Model)
		require.Len(t, n.Random, len(lesionQuick.ks))
		assert.Len(t, n.Random[0].Acc, lesionQuick.draws)
	}
	// Resumable: a second run reuses the trained networks.
	before, err := os.Stat(filepath.Join(dir, "lesion", "lesion-resnet-seed1.safetensors"))
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	after, err := os.Stat(filepath.Join(dir, "lesion", "lesion-resnet-seed1.safetensors"))
	require.NoError(t, err)
	assert.Equal(t, before.ModTime(), after.ModTime(), "the finished run was not trained again")
}

// TestCommittedLesionWeights loads the committed lesion networks (the
// exercises use them) into today's model and reproduces the accuracy
// their results files recorded on the first 1,000 test images.
func TestCommittedLesionWeights(t *testing.T) {
	test, err := mnist.Load(mnist.Test)
	require.NoError(t, err)
	for _, residual := range []bool{true, false} {
		r := LesionRecipe(residual)
		p := train.PathsOf("../results/lesion", r.Model, 1)
		res, err := results.ReadFile(p.JSON)
		require.NoError(t, err)
		m, err := loadTrained(r, p.Weights)
		require.NoError(t, err)
		_, acc, err := train.Evaluate(m, test, mnist.Range(0, res.Check.Images), r.Format, r.Loss)
		require.NoError(t, err)
		assert.Equal(t, res.Check.Acc, acc, "%s", p.Weights)
		fi, err := os.Stat(p.Weights)
		require.NoError(t, err)
		assert.Less(t, fi.Size(), int64(1<<20), "%s is committed: under 1 MB", p.Weights)
	}
}
