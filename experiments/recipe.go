package experiments

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
)

// The training recipe as an ablation (the notes' §2.2, AlexNet's dropout,
// weight decay and augmentation; §6.4, ResNet's BatchNorm and He
// initialisation): one small network, a baseline with none of them, and
// the baseline with one ingredient added (or, for the initialisation,
// swapped), each at five seeds on a 5,000-image training set, small
// enough that the network overfits. Each effect is the change in test
// accuracy from the baseline, paired by seed, with its 95 % Student-t
// interval; an interval that holds 0 is an effect this scale cannot show.
func init() {
	Register(Experiment{
		Name: "training-recipe",
		Doc:  "dropout, L2, augmentation, BatchNorm, He vs Xavier: each against the seed spread (§2.2, §6.4)",
		Run:  runTrainingRecipe,
	})
}

// RecipeSetting is one arm of the ablation.
type RecipeSetting struct {
	Name, Doc   string
	Dropout     bool // p = 0.5 before each hidden fully connected layer (AlexNet §4.2)
	WeightDecay float64
	MaxShift    int  // random shifts of up to MaxShift pixels
	BatchNorm   bool // after each convolution (Ioffe & Szegedy 2015, as ResNet §3.4)
	Xavier      bool // Glorot & Bengio 2010 instead of He et al. 2015
}

// RecipeSettings: the baseline (He initialisation, nothing else) and one
// change each. The values are the papers': dropout 0.5 and weight decay
// 5·10⁻⁴ (Krizhevsky et al. 2012 §4.2, §5), shifts of up to 2 pixels
// (their translations, at MNIST's scale, as lenet5's recipe).
var RecipeSettings = []RecipeSetting{
	{Name: "baseline", Doc: "He initialisation, no dropout, no weight decay, no augmentation, no BatchNorm"},
	{Name: "dropout", Doc: "dropout 0.5 before the two hidden fully connected layers", Dropout: true},
	{Name: "l2", Doc: "L2 weight decay 5·10⁻⁴", WeightDecay: 5e-4},
	{Name: "augment", Doc: "random shifts of up to 2 pixels", MaxShift: 2},
	{Name: "batchnorm", Doc: "BatchNorm after each convolution", BatchNorm: true},
	{Name: "xavier", Doc: "Xavier (Glorot) initialisation instead of He", Xavier: true},
}

// RecipeNet is the ablation's network: LeNet-5 as lenet5 reads it
// (ReLU, max-pool) with the setting's dropout and BatchNorm.
//
//	C1 conv 5×5, 6 [bn] relu → S2 max 2 → C3 conv 5×5, 16 [bn] relu → S4 max 2
//	→ C5 conv 5×5, 120 relu → flatten [dropout] → F6 120→84 relu [dropout] → OUTPUT 84→10
func RecipeNet(s RecipeSetting) *nn.Model {
	conv := func(name string, in, out int) []nn.Module {
		l := []nn.Module{nn.NewConv2D(name, in, out, 5)}
		if s.BatchNorm {
			l = append(l, nn.NewBatchNorm2D(name+"bn", out))
		}
		return append(l, nn.NewReLU(name+"relu"))
	}
	drop := func(name string) []nn.Module {
		if s.Dropout {
			return []nn.Module{nn.NewDropout(name, 0.5)}
		}
		return nil
	}
	var layers []nn.Module
	layers = append(layers, conv("C1", 1, 6)...)
	layers = append(layers, nn.NewMaxPool2D("S2", 2))
	layers = append(layers, conv("C3", 6, 16)...)
	layers = append(layers, nn.NewMaxPool2D("S4", 2), nn.NewConv2D("C5", 16, 120, 5), nn.NewReLU("C5relu"), nn.NewFlatten("flatten"))
	layers = append(layers, drop("drop6")...)
	layers = append(layers, nn.NewLinear("F6", 120, 84), nn.NewReLU("F6relu"))
	layers = append(layers, drop("drop7")...)
	layers = append(layers, nn.NewLinear("OUTPUT", 84, 10))
	name := "recipe-" + s.Name
	return &nn.Model{Name: name, Input: nn.Shape{1, 32, 32}, Net: nn.Seq(name, layers...)}
}

// RecipeOf is the training recipe of a setting: lenet5's (SGD with
// momentum 0.9, batch 64, learning rate 0.02 divided by 10 at 60 % and
// 85 % of the steps) for 6 epochs of the small training set.
func RecipeOf(s RecipeSetting) train.Recipe {
	r := train.Recipe{
		Model:       "recipe-" + s.Name,
		Doc:         "training-recipe ablation: " + s.Doc,
		Build:       func() *nn.Model { return RecipeNet(s) },
		Format:      mnist.Format{Pad: 2, Scaling: mnist.Standard},
		Augment:     mnist.Augment{MaxShift: s.MaxShift},
		Epochs:      6,
		Batch:       64,
		LR:          0.02,
		Momentum:    0.9,
		WeightDecay: s.WeightDecay,
		Drops:       []float64{0.6, 0.85},
		Gamma:       0.1,
		Loss:        train.CrossEntropy,
		LossName:    "softmax cross-entropy",
	}
	if s.Xavier {
		r.Init = func(m nn.Module, rng *rand.Rand) {
			for _, p := range nn.AllParams(m) {
				if p.Init == nn.InitHe {
					p.Init = nn.InitXavier
				}
			}
			nn.InitParams(m, rng)
		}
	}
	return r
}

type recipeConfig struct {
	trainImages, evalImages, testImages, epochs int
	seeds                                       []uint64
}

var (
	// Full: the first 5,000 training images (the subset), 6
	// epochs, seeds 1–5.
	recipeFull  = recipeConfig{trainImages: 5000, evalImages: 1000, seeds: []uint64{1, 2, 3, 4, 5}}
	recipeQuick = recipeConfig{trainImages: 128, evalImages: 100, testImages: 100, epochs: 1, seeds: []uint64{1, 2}}
)

func runTrainingRecipe(opt Options) error {
	cfg := recipeFull
	if opt.Quick {
		cfg = recipeQuick
	}
	dir := filepath.Join(opt.Dir, "training-recipe")
	rec := results.TrainingRecipe{Command: command("training-recipe", opt), TrainImages: cfg.trainImages, Seeds: cfg.seeds}
	test, idx, err := testSet(cfg.testImages)
	if err != nil {
		return err
	}
	// Seed by seed, every setting at each: the record written after each
	// seed is a complete ablation over the seeds so far.
	rec.Seeds = nil
	for _, s := range RecipeSettings {
		rec.Settings = append(rec.Settings, results.RecipeResult{Name: s.Name, Doc: s.Doc})
	}
	for _, seed := range cfg.seeds {
		for i, s := range RecipeSettings {
			r := RecipeOf(s)
			if cfg.epochs > 0 {
				r.Epochs = cfg.epochs
			}
			rec.Epochs = r.Epochs
			res, m, err := trained("training-recipe", r, seed, dir, opt, cfg.trainImages, cfg.evalImages)
			if err != nil {
				return err
			}
			run := results.RecipeRun{Seed: seed, TrainLoss: res.Epochs[len(res.Epochs)-1].TrainLoss}
			if run.TestLoss, run.TestAcc, err = train.Evaluate(m, test, idx, r.Format, r.Loss); err != nil {
				return err
			}
			rec.Settings[i].Runs = append(rec.Settings[i].Runs, run)
		}
		rec.Seeds = append(rec.Seeds, seed)
		if err := writeJSON(filepath.Join(dir, "training-recipe.json"), &rec); err != nil {
			return err
		}
		if opt.Progress != nil && len(rec.Seeds) > 1 {
			effects, err := results.RecipeEffects(&rec)
			if err != nil {
				return err
			}
			for _, e := range effects {
				fmt.Fprintf(opt.Progress, "%d seeds: %s − baseline %+.4f (95 %% interval %+.4f to %+.4f)\n", len(rec.Seeds), e.Name, e.Spread.Mean, e.Spread.Lo, e.Spread.Hi)
			}
		}
	}
	return writeJSON(filepath.Join(dir, "training-recipe.json"), &rec)
}
