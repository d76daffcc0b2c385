package results

import "fmt"

// TrainingRecipe is what `book experiment training-recipe` recorded
// (results/training-recipe/training-recipe.json): an ablation of the
// training recipe of AlexNet (the notes' §2.2) and ResNet (§6.4) on a
// small network and a small training set, several seeds per setting.
type TrainingRecipe struct {
	Command     string         `json:"command"`
	TrainImages int            `json:"train_images"`
	Epochs      int            `json:"epochs"`
	Seeds       []uint64       `json:"seeds"`
	Settings    []RecipeResult `json:"settings"` // the first is the baseline
}

// RecipeResult is one setting at every seed.
type RecipeResult struct {
	Name string      `json:"name"` // "baseline", "dropout", …
	Doc  string      `json:"doc"`
	Runs []RecipeRun `json:"runs"` // in the order of Seeds
}

// RecipeRun is one setting at one seed, after the last epoch. Its
// per-epoch record is results/training-recipe/recipe-<name>-seed<S>.json.
type RecipeRun struct {
	Seed      uint64  `json:"seed"`
	TestAcc   float64 `json:"test_acc"`   // every test image
	TestLoss  float64 `json:"test_loss"`  // every test image
	TrainLoss float64 `json:"train_loss"` // the last epoch's mean, training mode
}

// RecipeEffect is one setting's effect on test accuracy: its accuracy
// minus the baseline's at the same seed, over the seeds.
type RecipeEffect struct {
	Name   string
	Doc    string
	Base   []float64 // the baseline's test accuracies, by seed
	Acc    []float64 // the setting's
	Diffs  []float64 // Acc − Base, by seed
	Spread Spread    // of Diffs: mean and 95 % Student-t interval
}

// Shows reports whether the effect's 95 % interval excludes zero.
func (e RecipeEffect) Shows() bool { return e.Spread.Lo > 0 || e.Spread.Hi < 0 }

// RecipeEffects pairs every setting but the baseline (the first) with the
// baseline seed by seed.
func RecipeEffects(rec *TrainingRecipe) ([]RecipeEffect, error) {
	if len(rec.Settings) < 2 {
		return nil, fmt.Errorf("results: training-recipe holds %d settings, need a baseline and one more", len(rec.Settings))
	}
	base := rec.Settings[0]
	var out []RecipeEffect
	for _, s := range rec.Settings[1:] {
		if len(s.Runs) != len(base.Runs) {
			return nil, fmt.Errorf("results: training-recipe: %s has %d runs, the baseline %d", s.Name, len(s.Runs), len(base.Runs))
		}
		e := RecipeEffect{Name: s.Name, Doc: s.Doc}
		for i, r := range s.Runs {
			if r.Seed != base.Runs[i].Seed {
				return nil, fmt.Errorf("results: training-recipe: %s run %d is seed %d, the baseline's seed %d", s.Name, i, r.Seed, base.Runs[i].Seed)
			}
			e.Base = append(e.Base, base.Runs[i].TestAcc)
			e.Acc = append(e.Acc, r.TestAcc)
			e.Diffs = append(e.Diffs, r.TestAcc-base.Runs[i].TestAcc)
		}
		var err error
		if e.Spread, err = SpreadOf(e.Diffs); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
