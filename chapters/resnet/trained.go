package resnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/chapters/claims"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
)

// TrainedValues are the numbers of the chapter's "trained on MNIST"
// section, read from the committed records of `book experiment lesion`
// and `book experiment degradation` (results/lesion/, results/degradation/):
// the book shows what the experiments recorded and never trains.
func TrainedValues() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "resnet/" + name, Text: text, Source: source})
	}
	pct := func(f float64) string { return fmt.Sprintf("%.1f %%", 100*f) }

	rec, err := results.LesionRecord()
	if err != nil {
		return nil, err
	}
	src := "results/lesion/lesion.json"
	add("lesion-blocks", fmt.Sprint(rec.Nets[0].Blocks), src+": blocks")
	add("lesion-test-images", nn.Comma(int64(rec.TestImages)), src+": test_images")
	add("lesion-draws", fmt.Sprint(rec.Draws), src+": draws")
	for _, n := range rec.Nets {
		key := "lesion-plain"
		if n.Residual {
			key = "lesion-res"
		}
		run, err := results.LesionRun(n.Model, rec.Seed)
		if err != nil {
			return nil, err
		}
		rsrc := "results/lesion/" + results.Name(n.Model, rec.Seed) + ".json"
		add(key+"-test-acc", fmt.Sprintf("%.2f %%", 100*run.FinalTestAcc), rsrc+": final_test_acc")
		add(key+"-seconds", fmt.Sprintf("%.0f", run.Seconds()), rsrc+": the epochs' seconds summed")
		if n.Residual {
			add("lesion-train-images", nn.Comma(int64(run.TrainImages)), rsrc+": train_images")
			add("lesion-epochs", fmt.Sprint(len(run.Epochs)), rsrc+": epochs")
		}
		add(key+"-full", pct(n.Full), src+": full, "+n.Model)
		s, err := results.SpreadOf(n.Single)
		if err != nil {
			return nil, err
		}
		add(key+"-single-mean", pct(s.Mean), src+": mean of single, "+n.Model)
		add(key+"-single-min", pct(s.Min), src+": lowest of single, "+n.Model)
		add(key+"-single-max", pct(s.Max), src+": highest of single, "+n.Model)
		worst := 0
		for i, a := range n.Single {
			if a < n.Single[worst] {
				worst = i
			}
		}
		add(key+"-single-worst", fmt.Sprint(worst+1), src+": the block (from 1) whose deletion costs most, "+n.Model)
		for _, d := range n.Random {
			s, err := results.SpreadOf(d.Acc)
			if err != nil {
				return nil, err
			}
			k := fmt.Sprintf("%s-k%d", key, d.K)
			add(k+"-mean", pct(s.Mean), fmt.Sprintf("%s: mean accuracy of the draws of k = %d, %s", src, d.K, n.Model))
			add(k+"-ci", fmt.Sprintf("%.1f–%.1f %%", 100*s.Lo, 100*s.Hi), fmt.Sprintf("%s: 95 %% Student-t interval of that mean", src))
			add(k+"-min", pct(s.Min), fmt.Sprintf("%s: lowest draw of k = %d, %s", src, d.K, n.Model))
			add(k+"-max", pct(s.Max), fmt.Sprintf("%s: highest draw of k = %d, %s", src, d.K, n.Model))
		}
	}
	last := rec.Nets[0].Random[len(rec.Nets[0].Random)-1]
	add("lesion-k-max", fmt.Sprint(last.K), src+": the largest k drawn")
	deg, err := DegradationValues()
	if err != nil {
		return nil, err
	}
	return append(out, deg...), nil
}

// DegradationValues are the numbers of `book experiment degradation`
// (results/degradation/degradation.json).
func DegradationValues() ([]claims.Value, error) {
	var out []claims.Value
	add := func(name, text, source string) {
		out = append(out, claims.Value{ID: "resnet/" + name, Text: text, Source: source})
	}
	rec, err := results.DegradationRecord()
	if err != nil {
		return nil, err
	}
	src := "results/degradation/degradation.json"
	add("deg-train-images", nn.Comma(int64(rec.TrainImages)), src+": train_images")
	add("deg-epochs", fmt.Sprint(len(rec.Runs[0].EpochLoss)), src+": epochs per run (epoch_loss)")
	if g := rec.Runs[0].Grads; len(g) > 1 {
		add("deg-grad-every", fmt.Sprint(g[1].Step-g[0].Step), src+": steps between gradient samples")
	}
	type key struct {
		residual bool
		layers   int
	}
	loss := map[key][]float64{}
	acc := map[key][]float64{}
	var depths []int
	seeds := map[uint64]bool{}
	for _, r := range rec.Runs {
		k := key{r.Residual, r.Layers}
		loss[k] = append(loss[k], r.TrainLoss)
		acc[k] = append(acc[k], r.TestAcc)
		seeds[r.Seed] = true
		if !slicesContains(depths, r.Layers) {
			depths = append(depths, r.Layers)
		}
	}
	if len(depths) != 2 {
		return nil, fmt.Errorf("resnet: %s holds %d depths, the chapter describes 2", src, len(depths))
	}
	if depths[0] > depths[1] {
		depths[0], depths[1] = depths[1], depths[0]
	}
	add("deg-seeds", fmt.Sprint(len(seeds)), src+": seeds per network")
	add("deg-shallow", fmt.Sprint(depths[0]), src+": layers of the shallow networks")
	add("deg-deep", fmt.Sprint(depths[1]), src+": layers of the deep networks")
	spread := map[key]results.Spread{}
	for k, v := range loss {
		s, err := results.SpreadOf(v)
		if err != nil {
			return nil, err
		}
		spread[k] = s
		name := "deg-plain"
		if k.residual {
			name = "deg-res"
		}
		if k.layers == depths[0] {
			name += "-shallow"
		} else {
			name += "-deep"
		}
		add(name+"-loss", fmt.Sprintf("%.4f", s.Mean), src+": mean train_loss over the seeds")
		add(name+"-loss-range", fmt.Sprintf("%.4f–%.4f", s.Min, s.Max), src+": train_loss, lowest and highest seed")
		a, _ := results.SpreadOf(acc[k])
		add(name+"-acc", fmt.Sprintf("%.2f %%", 100*a.Mean), src+": mean test_acc over the seeds")
	}
	for _, residual := range []bool{false, true} {
		sh, dp := spread[key{residual, depths[0]}], spread[key{residual, depths[1]}]
		name := "deg-plain"
		if residual {
			name = "deg-res"
		}
		gap := dp.Mean - sh.Mean
		seedGap := max(sh.Max-sh.Min, dp.Max-dp.Min)
		add(name+"-gap", fmt.Sprintf("%+.4f", gap), src+": deep − shallow, mean train_loss")
		add(name+"-seed-gap", fmt.Sprintf("%.4f", seedGap), src+": the larger of the two networks' seed-to-seed ranges of train_loss")
		add(name+"-ratio", fmt.Sprintf("%.1f", dp.Mean/sh.Mean), src+": deep ÷ shallow, mean train_loss")
	}
	// The plain networks' gradients: first convolution ÷ last, at the
	// first step and over training, for the first seed.
	for _, r := range rec.Runs {
		if r.Residual || r.Seed != rec.Runs[0].Seed || len(r.Grads) == 0 {
			continue
		}
		n := len(r.Convs)
		var first, last float64
		for _, g := range r.Grads {
			first, last = first+g.Norms[0], last+g.Norms[n-1]
		}
		name := "deg-plain-deep"
		if r.Layers == depths[0] {
			name = "deg-plain-shallow"
		}
		add(name+"-grad-ratio0", fmt.Sprintf("%.1f", r.Grads[0].Norms[0]/r.Grads[0].Norms[n-1]), src+": "+r.Model+", first step: ‖∂L/∂W‖ of the first convolution ÷ the last")
		add(name+"-grad-ratio", fmt.Sprintf("%.1f", first/last), src+": "+r.Model+", summed over the sampled steps: first convolution ÷ last")
		add(name+"-grad-samples", fmt.Sprint(len(r.Grads)), src+": "+r.Model+", sampled steps")
	}
	return out, nil
}

func slicesContains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
