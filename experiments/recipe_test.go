package experiments

import (
	"path/filepath"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecipeNets(t *testing.T) {
	base, err := RecipeNet(RecipeSettings[0]).Analyze()
	require.NoError(t, err)
	for _, s := range RecipeSettings {
		r, err := RecipeNet(s).Analyze()
		require.NoError(t, err, s.Name)
		if !s.BatchNorm {
			assert.Equal(t, base.Params, r.Params, "%s changes nothing in the architecture's parameters", s.Name)
		}
	}
	// Xavier replaces He on every weight.
	m := RecipeNet(RecipeSettings[0])
	RecipeOf(RecipeSetting{Xavier: true}).Init(m.Net, nn.NewRNG(1))
	for _, p := range nn.AllParams(m.Net) {
		assert.NotEqual(t, nn.InitHe, p.Init, p.Key)
	}
}

func TestTrainingRecipeQuick(t *testing.T) {
	dir := t.TempDir()
	e, err := Lookup("training-recipe")
	require.NoError(t, err)
	require.NoError(t, e.Run(Options{Dir: dir, Quick: true}))
	var rec results.TrainingRecipe
	ok, err := readJSON(filepath.Join(dir, "training-recipe", "training-recipe.json"), &rec)
	require.NoError(t, err)
	require.True(t, ok)
	require.Len(t, rec.Settings, len(RecipeSettings))
	effects, err := results.RecipeEffects(&rec)
	require.NoError(t, err)
	assert.Len(t, effects, len(RecipeSettings)-1)
	for _, e := range effects {
		assert.Len(t, e.Diffs, len(recipeQuick.seeds))
	}
}
