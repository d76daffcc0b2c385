package lenet

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// TrainedValues are the numbers of the chapter's "trained on MNIST"
// section, read from the committed runs of `book train lenet5 -seed S`
// (results/lenet5-seed*.json): the book shows what the runs recorded and
// never trains.
func TrainedValues() ([]claims.Value, error) {
	runs, err := results.Seeds("lenet5")
	if err != nil {
		return nil, err
	}
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: chapter + "/" + name, Text: text, Source: source})
	}
	pct := func(f float64) string { return fmt.Sprintf("%.2f %%", 100*f) }
	var acc, first, secs, ips []float64
	for _, r := range runs {
		acc = append(acc, r.FinalTestAcc)
		first = append(first, r.Epochs[0].TestAcc)
		secs = append(secs, r.Seconds())
		ips = append(ips, r.Epochs[len(r.Epochs)-1].ImagesPS)
	}
	src := "results/lenet5-seed*.json"
	a, err := results.SpreadOf(acc)
	if err != nil {
		return nil, err
	}
	add("trained-seeds", fmt.Sprint(a.N), src+": runs committed")
	add("trained-acc", pct(a.Mean), src+": mean final_test_acc")
	add("trained-acc-min", pct(a.Min), src+": lowest final_test_acc")
	add("trained-acc-max", pct(a.Max), src+": highest final_test_acc")
	add("trained-acc-ci", fmt.Sprintf("%.2f–%.2f %%", 100*a.Lo, 100*a.Hi), src+": 95 % Student-t interval of the mean final_test_acc")
	add("trained-error", pct(1-a.Mean), src+": 1 − mean final_test_acc")
	add("trained-epochs", fmt.Sprint(len(runs[0].Epochs)), src+": epochs per run")
	f, _ := results.SpreadOf(first)
	add("trained-first-epoch", pct(f.Mean), src+": mean test_acc after epoch 1")
	s, _ := results.SpreadOf(secs)
	add("trained-seconds", fmt.Sprintf("%.0f to %.0f", s.Min, s.Max), src+": fastest and slowest run, the epochs' seconds summed")
	i, _ := results.SpreadOf(ips)
	add("trained-ips", nn.Comma(int64(i.Min+0.5))+" to "+nn.Comma(int64(i.Max+0.5)), src+": lowest and highest images_per_s of the last epoch")
	add("trained-images", nn.Comma(int64(runs[0].TrainImages)), src+": train_images")
	add("trained-val-images", nn.Comma(int64(runs[0].ValImages)), src+": val_images")
	var rec struct {
		Augment                   struct{ MaxShift int }
		Batch                     int
		LR, Momentum, WeightDecay float64
		Drops                     []float64
		Gamma                     float64
	}
	if err := json.Unmarshal(runs[0].Recipe, &rec); err != nil {
		return nil, fmt.Errorf("lenet: %s: recipe: %w", src, err)
	}
	rsrc := src + ": recipe."
	add("trained-batch", fmt.Sprint(rec.Batch), rsrc+"Batch")
	add("trained-lr", fmt.Sprint(rec.LR), rsrc+"LR")
	add("trained-momentum", fmt.Sprint(rec.Momentum), rsrc+"Momentum")
	add("trained-momentum-pct", fmt.Sprintf("%.0f %%", 100*rec.Momentum), rsrc+"Momentum as a percentage")
	add("trained-wd", strconv.FormatFloat(rec.WeightDecay, 'g', -1, 64), rsrc+"WeightDecay")
	add("trained-shift", fmt.Sprint(rec.Augment.MaxShift), rsrc+"Augment.MaxShift")
	var drops []string
	for _, d := range rec.Drops {
		drops = append(drops, fmt.Sprintf("%.0f %%", 100*d))
	}
	add("trained-drops", strings.Join(drops, " and "), rsrc+"Drops, as percentages of the steps")
	add("trained-gamma", fmt.Sprintf("%.0f", 1/rec.Gamma), rsrc+"Gamma, as the divisor 1/Gamma")
	add("trained-gomaxprocs", fmt.Sprint(runs[0].GOMAXPROCS), src+": gomaxprocs")
	return out, nil
}
