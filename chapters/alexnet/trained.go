package alexnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// TrainedValues are the numbers of the chapter's training-recipe
// ablation on MNIST, read from the committed record of `book experiment
// training-recipe` (results/training-recipe/): the book never trains.
func TrainedValues() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	rec, err := results.TrainingRecipeRecord()
	if err != nil {
		return nil, err
	}
	effects, err := results.RecipeEffects(rec)
	if err != nil {
		return nil, err
	}
	src := "results/training-recipe/training-recipe.json"
	add("recipe-train-images", nn.Comma(int64(rec.TrainImages)), src+": train_images")
	add("recipe-epochs", fmt.Sprint(rec.Epochs), src+": epochs")
	add("recipe-seeds", fmt.Sprint(len(rec.Seeds)), src+": seeds per setting")
	base := rec.Settings[0]
	var acc, trainLoss, testLoss []float64
	for _, r := range base.Runs {
		acc, trainLoss, testLoss = append(acc, r.TestAcc), append(trainLoss, r.TrainLoss), append(testLoss, r.TestLoss)
	}
	a, err := results.SpreadOf(acc)
	if err != nil {
		return nil, err
	}
	tl, _ := results.SpreadOf(trainLoss)
	el, _ := results.SpreadOf(testLoss)
	add("recipe-base-acc", fmt.Sprintf("%.2f %%", 100*a.Mean), src+": baseline, mean test_acc")
	add("recipe-base-ci", fmt.Sprintf("%.2f–%.2f %%", 100*a.Lo, 100*a.Hi), src+": baseline, 95 % Student-t interval of the mean test_acc")
	add("recipe-base-sd", fmt.Sprintf("%.2f", 100*a.SD), src+": baseline, standard deviation of test_acc over the seeds, in points")
	add("recipe-base-train-loss", fmt.Sprintf("%.3f", tl.Mean), src+": baseline, mean train_loss of the last epoch")
	add("recipe-base-test-loss", fmt.Sprintf("%.3f", el.Mean), src+": baseline, mean test_loss")
	for _, e := range effects {
		k := "recipe-" + e.Name
		s, _ := results.SpreadOf(e.Acc)
		add(k+"-acc", fmt.Sprintf("%.2f %%", 100*s.Mean), src+": "+e.Name+", mean test_acc")
		add(k+"-effect", fmt.Sprintf("%+.2f", 100*e.Spread.Mean), src+": "+e.Name+" − baseline, same seed, mean, in points")
		add(k+"-ci", fmt.Sprintf("%+.2f to %+.2f", 100*e.Spread.Lo, 100*e.Spread.Hi), src+": 95 % Student-t interval of that mean, in points")
		below := 0
		for _, d := range e.Diffs {
			if d < 0 {
				below++
			}
		}
		add(k+"-below", fmt.Sprintf("%d of %d", below, len(e.Diffs)), src+": seeds at which "+e.Name+" is below the baseline")
		verdict := "does not show"
		if e.Shows() {
			verdict = "shows"
		}
		add(k+"-verdict", verdict, src+": whether the interval excludes 0")
	}
	return out, nil
}
