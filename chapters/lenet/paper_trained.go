package lenet

import (
	"encoding/json"
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/results"
)

// PaperTrainedValues are the numbers of the chapter's section on
// lenet5-1998 trained as the paper did, read from the committed run of
// `book experiment lenet` (results/lenet/lenet5-1998-seed1.json).
func PaperTrainedValues() ([]claims.Value, error) {
	r, err := results.LoadLeNet("lenet5-1998", 1)
	if err != nil {
		return nil, err
	}
	const src = "results/lenet/lenet5-1998-seed1.json"
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: src + ": " + source})
	}
	pct := func(f float64) string { return fmt.Sprintf("%.2f %%", 100*f) }
	add("p98-acc", pct(r.FinalTestAcc), "final_test_acc")
	add("p98-error", pct(1-r.FinalTestAcc), "1 − final_test_acc")
	add("p98-first-error", pct(1-r.Epochs[0].TestAcc), "1 − test_acc after epoch 1")
	add("p98-epochs", fmt.Sprint(len(r.Epochs)), "epochs")
	add("p98-minutes", fmt.Sprintf("%.0f", r.Seconds()/60), "the epochs' seconds summed, in minutes")
	var ips float64
	for _, e := range r.Epochs {
		ips += e.ImagesPS
	}
	add("p98-ips", fmt.Sprintf("%.0f", ips/float64(len(r.Epochs))), "mean images_per_s")
	add("p98-train-acc", pct(r.Epochs[len(r.Epochs)-1].TrainAcc), "train_acc of the last epoch")
	add("p98-loss", fmt.Sprintf("%.3f", r.Epochs[len(r.Epochs)-1].TrainLoss), "train_loss of the last epoch")
	var rec struct {
		Batch       int
		LR, Gamma   float64
		Momentum    float64
		WeightDecay float64
		Drops       []float64
		Loss        string `json:"loss"`
	}
	if err := json.Unmarshal(r.Recipe, &rec); err != nil {
		return nil, fmt.Errorf("lenet: %s: recipe: %w", src, err)
	}
	add("p98-batch", fmt.Sprint(rec.Batch), "recipe.Batch")
	add("p98-lr", fmt.Sprint(rec.LR), "recipe.LR")
	add("p98-gamma", fmt.Sprint(rec.Gamma), "recipe.Gamma")
	add("p98-momentum", fmt.Sprint(rec.Momentum), "recipe.Momentum")
	return out, nil
}
