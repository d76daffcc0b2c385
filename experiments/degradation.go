package experiments

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
)

// The degradation experiment of He et al. 2016 §4.1 (the notes' §6.1,
// Fig. 1 and 4 of the paper): a deeper plain network reaches a higher
// training loss than a shallower one, though it could copy the shallower
// one and set the added layers to identities; with shortcuts the deeper
// network is no worse. Judged on the training loss (it is an optimisation
// problem, not overfitting), two seeds per network. The convolutions'
// gradient norms are logged during training, so the notes' "the
// gradients vanish" is measured rather than argued.
func init() {
	Register(Experiment{
		Name: "degradation",
		Doc:  "plain against residual at two depths, judged on the training loss, with gradient norms (He et al. 2016, §6.1)",
		Run:  runDegradation,
	})
}

// DegradationDepths are the blocks per stage of the shallow and the deep
// networks: MNISTResNet with 4n + 3 weighted layers, 11 and 35 (He et
// al. 2016 Fig. 1 compares 20 and 56 layers; two shared CPU cores allow
// less).
var DegradationDepths = []int{2, 8}

// DegradationWidth is the networks' width (8 and 16 channels), as the
// lesion study's.
const DegradationWidth = 8

// DegradationRecipe trains one of the degradation networks with the
// lesion study's recipe (LesionRecipe).
func DegradationRecipe(n int, residual bool) train.Recipe {
	name := fmt.Sprintf("deg-plain%d", 4*n+3)
	if residual {
		name = fmt.Sprintf("deg-resnet%d", 4*n+3)
	}
	r := LesionRecipe(residual)
	r.Model, r.Doc = name, "degradation network (experiments.MNISTResNet)"
	r.Build = func() *nn.Model { return MNISTResNet(name, n, DegradationWidth, residual) }
	return r
}

type degradationConfig struct {
	trainImages, evalImages, epochs int
	testImages                      int // after training (0: all)
	depths                          []int
	seeds                           []uint64
	gradEvery                       int // steps between gradient samples
}

var (
	// Full: 6,000 training images, 3 epochs, seeds 1 and 2: the eight
	// runs take about 4 minutes on 2 idle cores.
	degradationFull  = degradationConfig{trainImages: 6000, evalImages: 2000, depths: DegradationDepths, seeds: []uint64{1, 2}, gradEvery: 10}
	degradationQuick = degradationConfig{trainImages: 128, evalImages: 100, testImages: 100, epochs: 1, depths: []int{1, 2}, seeds: []uint64{1}, gradEvery: 2}
)

func runDegradation(opt Options) error {
	cfg := degradationFull
	if opt.Quick {
		cfg = degradationQuick
	}
	dir := filepath.Join(opt.Dir, "degradation")
	out := filepath.Join(dir, "degradation.json")
	var rec results.Degradation
	if _, err := readJSON(out, &rec); err != nil {
		return err
	}
	if rec.TrainImages != cfg.trainImages {
		rec = results.Degradation{}
	}
	rec.Command, rec.TrainImages = command("degradation", opt), cfg.trainImages
	trainSet, err := mnist.Load(mnist.Train)
	if err != nil {
		return err
	}
	fit, _, err := mnist.Holdout(trainSet)
	if err != nil {
		return err
	}
	fit = fit[:min(cfg.trainImages, len(fit))]
	test, testIdx, err := testSet(cfg.testImages)
	if err != nil {
		return err
	}
	for _, seed := range cfg.seeds {
		for _, n := range cfg.depths {
			for _, residual := range []bool{false, true} {
				r := DegradationRecipe(n, residual)
				if cfg.epochs > 0 {
					r.Epochs = cfg.epochs
				}
				if slices.ContainsFunc(rec.Runs, func(d results.DegradationRun) bool { return d.Model == r.Model && d.Seed == seed }) {
					continue
				}
				run := results.DegradationRun{Model: r.Model, Residual: residual, Layers: 4*n + 3, Seed: seed}
				gradsFile := filepath.Join(dir, results.Name(r.Model, seed)+"-grads.json")
				if _, err := readJSON(gradsFile, &run); err != nil {
					return err
				}
				hooks := train.Options{
					AfterBackward: func(step int, m *nn.Model) error {
						if step%cfg.gradEvery != 0 {
							return nil
						}
						names, norms := convGradNorms(m.Net)
						run.Convs = names
						run.Grads = append(slices.DeleteFunc(run.Grads, func(g results.GradSample) bool { return g.Step >= step }),
							results.GradSample{Step: step, Norms: norms})
						return nil
					},
					OnEpoch: func(results.Epoch, *nn.Model) error { return writeJSON(gradsFile, &run) },
				}
				res, m, err := trained("degradation", r, seed, dir, opt, cfg.trainImages, cfg.evalImages, hooks)
				if err != nil {
					return err
				}
				if run.TrainLoss, run.TrainAcc, err = train.Evaluate(m, trainSet, fit, r.Format, r.Loss); err != nil {
					return err
				}
				if _, run.TestAcc, err = train.Evaluate(m, test, testIdx, r.Format, r.Loss); err != nil {
					return err
				}
				run.EpochLoss = nil
				for _, e := range res.Epochs {
					run.EpochLoss = append(run.EpochLoss, e.TrainLoss)
				}
				rec.Runs = append(rec.Runs, run)
				if err := writeJSON(out, &rec); err != nil {
					return err
				}
				if opt.Progress != nil {
					fmt.Fprintf(opt.Progress, "%s seed %d: training loss %.4f (accuracy %.4f), test accuracy %.4f\n", r.Model, seed, run.TrainLoss, run.TrainAcc, run.TestAcc)
				}
			}
		}
	}
	return nil
}

// convGradNorms lists the convolutions of m in forward order with the
// norms of their weight gradients.
func convGradNorms(m nn.Module) (names []string, norms []float64) {
	nn.Walk(m, func(path string, c nn.Module) {
		conv, ok := c.(*nn.Conv2D)
		if !ok {
			return
		}
		var s float64
		for _, g := range conv.Weight.Grad {
			s += float64(g) * float64(g)
		}
		names, norms = append(names, path), append(norms, math.Sqrt(s))
	})
	return names, norms
}
