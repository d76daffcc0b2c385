package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// TrainedValues are the numbers of the chapter's stochastic-depth run on
// MNIST, read from the committed record of `book experiment
// stochastic-depth` (results/stochastic-depth/): the book never trains.
func TrainedValues() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "variants/" + name, Text: text, Source: source})
	}
	rec, err := results.StochasticDepthRecord()
	if err != nil {
		return nil, err
	}
	src := "results/stochastic-depth/stochastic-depth.json"
	s := rec.Summary()
	add("sdm-blocks", fmt.Sprint(rec.Blocks), src+": blocks")
	add("sdm-train-images", nn.Comma(int64(rec.TrainImages)), src+": train_images")
	add("sdm-seeds", fmt.Sprint(s.Seeds), src+": runs per setting")
	add("sdm-epochs", fmt.Sprint(len(rec.Runs[0].EpochSeconds)), src+": epochs per run")
	add("sdm-pl", fmt.Sprint(rec.Survival[len(rec.Survival)-1]), src+": survival of the last block")
	add("sdm-expected", fmt.Sprintf("%.2f", rec.ExpectedBlocks), src+": expected_blocks")
	add("sdm-expected-work", fmt.Sprintf("%.0f %%", 100*rec.ExpectedWork), src+": expected_work")
	add("sdm-full-seconds", fmt.Sprintf("%.1f", s.FullSeconds), src+": mean training seconds per epoch, every block")
	add("sdm-sd-seconds", fmt.Sprintf("%.1f", s.SDSeconds), src+": mean training seconds per epoch, stochastic depth")
	add("sdm-time-ratio", fmt.Sprintf("%.0f %%", 100*s.TimeRatio), src+": the two means' ratio")
	add("sdm-full-acc", fmt.Sprintf("%.2f %%", 100*s.FullAcc), src+": mean test accuracy, every block")
	add("sdm-sd-acc", fmt.Sprintf("%.2f %%", 100*s.SDAcc), src+": mean test accuracy, stochastic depth")
	var full, sd, fullSec, sdSec []float64
	for _, r := range rec.Runs {
		if r.Stochastic {
			sd, sdSec = append(sd, r.TestAcc), append(sdSec, r.EpochSeconds...)
		} else {
			full, fullSec = append(full, r.TestAcc), append(fullSec, r.EpochSeconds...)
		}
	}
	for name, xs := range map[string][]float64{"sdm-full-seconds-range": fullSec, "sdm-sd-seconds-range": sdSec} {
		s, err := results.SpreadOf(xs)
		if err != nil {
			return nil, err
		}
		add(name, fmt.Sprintf("%.0f to %.0f", s.Min, s.Max), src+": fastest and slowest epoch")
	}
	fs, err := results.SpreadOf(full)
	if err != nil {
		return nil, err
	}
	ss, err := results.SpreadOf(sd)
	if err != nil {
		return nil, err
	}
	add("sdm-full-acc-range", fmt.Sprintf("%.2f–%.2f %%", 100*fs.Min, 100*fs.Max), src+": test accuracy over the seeds, every block")
	add("sdm-sd-acc-range", fmt.Sprintf("%.2f–%.2f %%", 100*ss.Min, 100*ss.Max), src+": test accuracy over the seeds, stochastic depth")
	return out, nil
}
