package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
)

// Stochastic depth (Huang, Sun, Liu, Sedra & Weinberger 2016; the notes'
// §7.1): in training each residual block survives with probability p_ℓ
// (the linear rule down to p_L = 0.5) and a dropped block runs neither
// forward nor backward (nn.Residual with Survival < 1), so a pass costs
// less; at test time every block runs, its branch scaled by p_ℓ. The
// experiment trains the lesion study's residual network with and without
// it, alternating epoch by epoch so that both see the same load on a
// shared machine, and compares test accuracy and the training time per
// epoch with the expected fraction of the work.
func init() {
	Register(Experiment{
		Name: "stochastic-depth",
		Doc:  "drop residual blocks at random in training: accuracy and time per epoch (Huang et al. 2016, §7.1)",
		Run:  runStochasticDepth,
	})
}

// SDSurvivalLast is p_L, the survival probability of the last block
// (Huang et al. 2016 §4: "p_L = 0.5 throughout").
const SDSurvivalLast = 0.5

// SDRecipe is the lesion study's residual network and recipe, with the
// survival probabilities of variants.LinearDecay when stochastic.
func SDRecipe(stochastic bool) train.Recipe {
	r := LesionRecipe(true)
	r.Model, r.Doc = "sd-resnet", "the lesion study's residual network (experiments.LesionNet)"
	build := func() *nn.Model {
		m := LesionNet(true)
		m.Name = r.Model
		return m
	}
	r.Build = build
	if stochastic {
		r.Model, r.Doc = "sd-stochastic", r.Doc+" with stochastic depth, p_L = 0.5"
		r.Build = func() *nn.Model {
			m := build()
			m.Name = "sd-stochastic"
			variants.SetSurvival(m.Net, variants.LinearDecay(len(variants.Residuals(m.Net)), SDSurvivalLast))
			return m
		}
	}
	return r
}

type sdConfig struct {
	trainImages, evalImages, testImages, epochs int
	seeds                                       []uint64
}

var (
	// Full: 8,000 training images, 3 epochs, seeds 1 and 2.
	sdFull  = sdConfig{trainImages: 8000, evalImages: 2000, seeds: []uint64{1, 2}}
	sdQuick = sdConfig{trainImages: 128, evalImages: 100, testImages: 100, epochs: 2, seeds: []uint64{1}}
)

func runStochasticDepth(opt Options) error {
	cfg := sdFull
	if opt.Quick {
		cfg = sdQuick
	}
	dir := filepath.Join(opt.Dir, "stochastic-depth")
	out := filepath.Join(dir, "stochastic-depth.json")
	recipes := []train.Recipe{SDRecipe(false), SDRecipe(true)}
	for i := range recipes {
		if cfg.epochs > 0 {
			recipes[i].Epochs = cfg.epochs
		}
	}
	m := recipes[1].Build()
	rs := variants.Residuals(m.Net)
	rec := results.StochasticDepth{Command: command("stochastic-depth", opt), TrainImages: cfg.trainImages, Blocks: len(rs)}
	for _, r := range rs {
		rec.Survival = append(rec.Survival, r.Survival)
	}
	rec.ExpectedBlocks = variants.ExpectedBlocks(rec.Survival)
	var err error
	if rec.ExpectedWork, err = expectedWork(m, rec.Survival); err != nil {
		return err
	}

	// Epoch by epoch, each run in turn: every invocation of train.Run
	// trains one more epoch from the last checkpoint (StopAfter 1).
	for pass := 0; pass <= recipes[0].Epochs; pass++ {
		for _, seed := range cfg.seeds {
			for _, r := range recipes {
				p := train.PathsOf(dir, r.Model, seed)
				if _, err := os.Stat(p.JSON); err == nil {
					continue
				}
				_, err := os.Stat(p.Checkpoint)
				if _, err := train.Run(r, seed, train.Options{
					Dir: dir, Resume: err == nil, StopAfter: 1, Command: command("stochastic-depth", opt),
					Progress: opt.Progress, TrainImages: cfg.trainImages, EvalImages: cfg.evalImages,
				}); err != nil {
					return err
				}
			}
		}
	}
	test, idx, err := testSet(cfg.testImages)
	if err != nil {
		return err
	}
	for _, seed := range cfg.seeds {
		for i, r := range recipes {
			res, m, err := trained("stochastic-depth", r, seed, dir, opt, cfg.trainImages, cfg.evalImages)
			if err != nil {
				return err
			}
			os.Remove(train.PathsOf(dir, r.Model, seed).Checkpoint)
			run := results.SDRun{Model: r.Model, Stochastic: i == 1, Seed: seed}
			if _, run.TestAcc, err = train.Evaluate(m, test, idx, r.Format, r.Loss); err != nil {
				return err
			}
			for _, e := range res.Epochs {
				run.EpochSeconds = append(run.EpochSeconds, float64(res.TrainImages)/e.ImagesPS)
			}
			rec.Runs = append(rec.Runs, run)
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "%s seed %d: test accuracy %.4f, training seconds per epoch %.1f\n", r.Model, seed, run.TestAcc, run.EpochSeconds)
			}
		}
	}
	slices.SortStableFunc(rec.Runs, func(a, b results.SDRun) int { return int(a.Seed) - int(b.Seed) })
	return writeJSON(out, &rec)
}

// expectedWork is the expected multiply-accumulates of a training pass
// with survival probabilities p as a fraction of a pass with every block:
// (fixed + Σ p_ℓ·MACs_ℓ) / (fixed + Σ MACs_ℓ), from the model's analysis
// (forward MACs; the backward pass of a convolution costs twice its
// forward one whether in a block or not, so the fraction is the same).
func expectedWork(m *nn.Model, p []float64) (float64, error) {
	rep, err := m.Analyze()
	if err != nil {
		return 0, err
	}
	blocks := make([]float64, len(p))
	var total float64
	for _, row := range rep.Rows {
		total += float64(row.MACs)
		for i, pre := range blockPrefixes(m) {
			if len(row.Name) > len(pre) && row.Name[:len(pre)] == pre {
				blocks[i] += float64(row.MACs)
			}
		}
	}
	var blockSum, expected float64
	for i, b := range blocks {
		blockSum += b
		expected += p[i] * b
	}
	if blockSum == 0 {
		return 0, fmt.Errorf("stochastic-depth: no multiply-accumulates found in %s's blocks", m.Name)
	}
	return (total - blockSum + expected) / total, nil
}

// blockPrefixes are the row-name prefixes of the blocks of an
// MNISTResNet: "layer1.0.", "layer1.1.", ….
func blockPrefixes(m *nn.Model) []string {
	var out []string
	for _, l := range m.Net.(*nn.Sequential).Layers {
		if s, ok := l.(*nn.Sequential); ok && (s.Name() == "layer1" || s.Name() == "layer2") {
			for _, b := range s.Layers {
				out = append(out, s.Name()+"."+b.Name()+".")
			}
		}
	}
	return out
}
