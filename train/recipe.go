package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
)

// Recipe is everything a training run fixes besides its seed.
type Recipe struct {
	Model string // the results files' name
	Doc   string
	Build func() *nn.Model `json:"-"`
	// Init allocates and initialises the model's tensors; nil is
	// nn.InitParams (each parameter's own scheme, PyTorch's defaults).
	Init func(m nn.Module, rng *rand.Rand) `json:"-"`

	Format  mnist.Format
	Augment mnist.Augment

	Epochs int
	Batch  int

	LR          float64
	Momentum    float64
	WeightDecay float64
	// Drops are the points, as fractions of all training steps, where the
	// learning rate is multiplied by Gamma: the papers' "divide by 10",
	// placed relative to the run's length so that a shorter run (-epochs 1)
	// anneals too.
	Drops []float64
	Gamma float64

	// Loss turns the network's output into the loss and its gradient.
	Loss Loss `json:"-"`
	// LossName says which (for the results file).
	LossName string `json:"loss"`

	// Plan trains through nn.Plan (softmax cross-entropy only): the same
	// arithmetic as Forward, the loss and Backward, without allocation,
	// with conv+bias+ReLU fused and the batch split over the cores.
	Plan bool `json:"plan"`
}

// A Loss is the mean loss of a batch and its gradient with respect to the
// network's output.
type Loss func(out *nn.Tensor, labels []int) (float64, *nn.Tensor, error)

// CrossEntropy is the softmax cross-entropy of the outputs as logits.
func CrossEntropy(out *nn.Tensor, labels []int) (float64, *nn.Tensor, error) {
	return nn.SoftmaxCrossEntropy(out, labels)
}

// LRAt is the learning rate of step t of a run of total steps.
//
//	lr(t) = LR · Gamma^#{d ∈ Drops : t ≥ d·total}
func (r *Recipe) LRAt(t, total int) float64 {
	n := 0
	for _, d := range r.Drops {
		if float64(t) >= d*float64(total) {
			n++
		}
	}
	return r.LR * math.Pow(r.Gamma, float64(n))
}

// Check reports the first setting that cannot train.
func (r *Recipe) Check() error {
	switch {
	case r.Epochs <= 0:
		return fmt.Errorf("%s: epochs must be positive, got %d", r.Model, r.Epochs)
	case r.Batch <= 0:
		return fmt.Errorf("%s: batch must be positive, got %d", r.Model, r.Batch)
	case !(r.LR > 0) || math.IsInf(r.LR, 0):
		return fmt.Errorf("%s: learning rate must be a positive number, got %v", r.Model, r.LR)
	case r.Momentum < 0 || r.Momentum >= 1:
		return fmt.Errorf("%s: momentum must be in [0, 1), got %v", r.Model, r.Momentum)
	case r.WeightDecay < 0:
		return fmt.Errorf("%s: weight decay must not be negative, got %v", r.Model, r.WeightDecay)
	}
	return nil
}

// Recipes are the models `book train` knows, by name.
//
// lenet5 (LeNet-5 as read today: ReLU, max-pool, softmax output) was tuned
// on the validation split only. Its choices and their sources:
//   - input: MNIST standardised with the training set's mean and standard
//     deviation (PyTorch's examples/mnist), padded to 32×32 as LeCun et al.
//     1998 §III.A ("the images were centered in a 28x28 … 32x32 field");
//   - augmentation: random shifts of up to 2 pixels, the translations of
//     Krizhevsky et al. 2012 §4.1 at MNIST's scale;
//   - SGD with momentum 0.9 and L2 weight decay 5·10⁻⁴, batch 64 (the
//     AlexNet paper's momentum and decay, §5);
//   - learning rate divided by 10 twice, at 60 % and 85 % of the steps
//     (the papers' step schedule).
var Recipes = map[string]Recipe{
	"lenet5": {
		Model:       "lenet5",
		Doc:         "LeNet-5 as read today (ReLU, max-pool, softmax), SGD with momentum, shifts of ±2 px",
		Build:       lenet.LeNet5,
		Format:      mnist.Format{Pad: 2, Scaling: mnist.Standard},
		Augment:     mnist.Augment{MaxShift: 2},
		Epochs:      8,
		Batch:       64,
		LR:          0.02,
		Momentum:    0.9,
		WeightDecay: 5e-4,
		Drops:       []float64{0.6, 0.85},
		Gamma:       0.1,
		Loss:        CrossEntropy,
		LossName:    "softmax cross-entropy",
		Plan:        true,
	},
}

// Lookup returns the recipe of a model, or an error listing the known ones.
func Lookup(model string) (Recipe, error) {
	r, ok := Recipes[model]
	if !ok {
		return Recipe{}, fmt.Errorf("no training recipe for %q (known: %s)", model, strings.Join(RecipeNames(), ", "))
	}
	r.Drops = slices.Clone(r.Drops)
	return r, nil
}

// RecipeNames lists the recipes, sorted.
func RecipeNames() []string {
	var ns []string
	for n := range Recipes {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}
