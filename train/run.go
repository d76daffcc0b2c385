package train

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
)

// Options are the settings of a run that are not part of the recipe.
type Options struct {
	Dir     string // where the results files go ("results" in the CLI)
	Resume  bool   // continue from the checkpoint in Dir
	Command string // the command line, recorded in the results file
	// Progress receives a progress bar (a terminal) or one line per tenth
	// of an epoch (anything else); nil is silent.
	Progress io.Writer
	// TrainImages, if positive, trains on the first TrainImages of the
	// 55,000 training images (tests use 1,000); EvalImages likewise
	// limits the validation and test images evaluated each epoch.
	TrainImages int
	EvalImages  int
	// StopAfter, if positive, ends this invocation after that many epochs
	// with only the checkpoint written, as if the run had been killed:
	// Resume goes on from there.
	StopAfter int

	// Hooks for experiments (nil: none). AfterBackward runs after each
	// step's Backward, before the update, with the gradients in place
	// (per-layer gradient norms); OnEpoch runs after each epoch's
	// evaluation (weight snapshots). An error stops the run.
	AfterBackward func(step int, m *nn.Model) error
	OnEpoch       func(e results.Epoch, m *nn.Model) error
}

// CheckImages is how many test images a run's Check covers.
const CheckImages = 1000

// Result is the record a run writes (results.Run).
type Result = results.Run

// Paths are the files of a run.
type Paths struct{ JSON, Weights, Checkpoint string }

// PathsOf names the files of model at seed under dir.
func PathsOf(dir, model string, seed uint64) Paths {
	base := filepath.Join(dir, results.Name(model, seed))
	return Paths{JSON: base + ".json", Weights: base + ".safetensors", Checkpoint: base + ".ckpt"}
}

// Run trains r from seed and writes its files under opt.Dir. With
// opt.Resume it continues from the checkpoint the last completed epoch
// left. A loss that turns NaN or infinite stops the run with an error; the
// last good checkpoint stays.
func Run(r Recipe, seed uint64, opt Options) (*Result, error) {
	if err := r.Check(); err != nil {
		return nil, err
	}
	if r.Loss == nil {
		r.Loss = CrossEntropy
	}
	trainSet, err := mnist.Load(mnist.Train)
	if err != nil {
		return nil, err
	}
	testSet, err := mnist.Load(mnist.Test)
	if err != nil {
		return nil, err
	}
	fit, val, err := mnist.Holdout(trainSet)
	if err != nil {
		return nil, err
	}
	test := mnist.Range(0, testSet.N)
	if n := opt.TrainImages; n > 0 && n < len(fit) {
		fit = fit[:n]
	}
	if n := opt.EvalImages; n > 0 {
		val, test = val[:min(n, len(val))], test[:min(n, len(test))]
	}

	m := r.Build()
	init := r.Init
	if init == nil {
		init = nn.InitParams
	}
	init(m.Net, nn.NewRNG(seed))
	for _, p := range nn.AllParams(m.Net) {
		p.Alloc()
	}
	opt2 := nn.NewSGD(m.Net, r.LR, r.Momentum, r.WeightDecay)
	paths := PathsOf(opt.Dir, r.Model, seed)

	recipe, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Model: r.Model, Seed: seed, Command: opt.Command, Commit: commit(),
		GOMAXPROCS: runtime.GOMAXPROCS(0), Kernel: nn.GemmKernel(), Recipe: recipe,
		TrainImages: len(fit), ValImages: len(val), TestImages: len(test),
	}
	if opt.Resume {
		prev, err := readCheckpoint(paths.Checkpoint, m, opt2)
		if err != nil {
			return nil, err
		}
		if len(prev.Epochs) >= r.Epochs {
			return nil, fmt.Errorf("nothing to resume: %s already holds %d epochs of %d (ask for more with -epochs)",
				paths.Checkpoint, len(prev.Epochs), r.Epochs)
		}
		if prev.TrainImages != len(fit) {
			return nil, fmt.Errorf("cannot resume %s: it trained on %d images, this run on %d", paths.Checkpoint, prev.TrainImages, len(fit))
		}
		res.Epochs = prev.Epochs
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, err
	}

	batches := (len(fit) + r.Batch - 1) / r.Batch
	total := r.Epochs * batches
	prog := newProgress(opt.Progress)
	plans := planCache{}
	ran := 0
	for e := len(res.Epochs); e < r.Epochs; e++ {
		start := time.Now()
		rng := nn.NewRNG(seed*1_000_003 + uint64(e) + 1)
		ctx := &nn.Ctx{Train: true, Rng: rng}
		order := mnist.Shuffle(fit, rng)
		prog.start(e+1, r.Epochs, batches)
		var lossSum float64
		var correct, seen int
		var trainTime time.Duration
		ep := results.Epoch{Epoch: e + 1, LR: r.LRAt(e*batches, total)}
		for b, idx := range mnist.Batches(order, r.Batch) {
			step := e*batches + b
			opt2.LR = r.LRAt(step, total)
			t0 := time.Now()
			x, labels := trainSet.BatchAugment(idx, r.Format, r.Augment, rng)
			var out *nn.Tensor
			var loss float64
			plan, err := plans.get(r.Plan, m, len(idx), ctx)
			if err != nil {
				return nil, err
			}
			if plan != nil {
				// The training plan: the same step without allocation,
				// fused, the batch split over the cores (nn.Plan).
				if loss, err = plan.Step(x, labels); err != nil {
					return nil, err
				}
				out = plan.Output()
			} else {
				opt2.ZeroGrad()
				out = m.Net.Forward(ctx, x)
				var dout *nn.Tensor
				if loss, dout, err = r.Loss(out, labels); err != nil {
					return nil, err
				}
				m.Net.Backward(dout)
			}
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				kept := "no checkpoint was written yet"
				if e > 0 || len(res.Epochs) > 0 {
					kept = fmt.Sprintf("the last good checkpoint, after epoch %d, is kept at %s", e, paths.Checkpoint)
				}
				prog.abort()
				return nil, fmt.Errorf("%s: the loss is %v at epoch %d, step %d (learning rate %g): training diverged; %s",
					r.Model, loss, e+1, b+1, opt2.LR, kept)
			}
			if opt.AfterBackward != nil {
				if err := opt.AfterBackward(step, m); err != nil {
					return nil, err
				}
			}
			opt2.Step()
			trainTime += time.Since(t0)
			lossSum += loss * float64(len(idx))
			correct += countCorrect(out, labels)
			seen += len(idx)
			prog.step(lossSum/float64(seen), float64(correct)/float64(seen), float64(seen)/trainTime.Seconds())
		}
		ep.TrainLoss, ep.TrainAcc = lossSum/float64(seen), float64(correct)/float64(seen)
		ep.ImagesPS = float64(seen) / trainTime.Seconds()
		if _, ep.ValAcc, err = Evaluate(m, trainSet, val, r.Format, r.Loss); err != nil {
			return nil, err
		}
		if ep.TestLoss, ep.TestAcc, err = Evaluate(m, testSet, test, r.Format, r.Loss); err != nil {
			return nil, err
		}
		ep.Seconds = time.Since(start).Seconds()
		res.Epochs = append(res.Epochs, ep)
		res.FinalTestAcc = ep.TestAcc
		prog.done(ep)
		if opt.OnEpoch != nil {
			if err := opt.OnEpoch(ep, m); err != nil {
				return nil, err
			}
		}
		if err := writeCheckpoint(paths.Checkpoint, m, opt2, res); err != nil {
			return nil, err
		}
		if ran++; ran == opt.StopAfter && e+1 < r.Epochs {
			return res, nil
		}
	}
	_, acc, err := Evaluate(m, testSet, mnist.Range(0, CheckImages), r.Format, r.Loss)
	if err != nil {
		return nil, err
	}
	res.Check = results.Check{Images: CheckImages, Acc: acc}
	meta := map[string]string{"model": r.Model, "seed": fmt.Sprint(seed), "final_test_acc": fmt.Sprintf("%.4f", res.FinalTestAcc)}
	if err := weights.Save(m.Net, paths.Weights, meta); err != nil {
		return nil, err
	}
	if err := results.WriteFile(paths.JSON, res); err != nil {
		return nil, err
	}
	return res, nil
}

// evalBatch is how many images Evaluate runs at once.
const evalBatch = 500

// Evaluate runs m in evaluation mode over images idx of set and returns
// the mean loss and the accuracy (a fraction).
func Evaluate(m *nn.Model, set *mnist.Set, idx []int, f mnist.Format, loss Loss) (float64, float64, error) {
	if len(idx) == 0 {
		return 0, 0, fmt.Errorf("evaluate: no images")
	}
	if loss == nil {
		loss = CrossEntropy
	}
	var lossSum float64
	correct := 0
	for _, b := range mnist.Batches(idx, evalBatch) {
		x, labels := set.BatchFormat(b, f)
		out, err := nn.Run(m.Net, nn.Eval, x)
		if err != nil {
			return 0, 0, err
		}
		l, _, err := loss(out, labels)
		if err != nil {
			return 0, 0, err
		}
		lossSum += l * float64(len(b))
		correct += countCorrect(out, labels)
	}
	return lossSum / float64(len(idx)), float64(correct) / float64(len(idx)), nil
}

// countCorrect counts the rows of out whose largest value (the first, on
// a tie) is at the label.
func countCorrect(out *nn.Tensor, labels []int) int {
	n := len(labels)
	k := len(out.Data) / n
	c := 0
	for i, l := range labels {
		row := out.Data[i*k : (i+1)*k]
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		if best == l {
			c++
		}
	}
	return c
}

// commit is the checked-out commit, with "-dirty" when files outside
// results/ (which runs write) have uncommitted changes or are untracked
// (new code the commit does not hold), or "unknown" outside a git checkout.
func commit() string {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--", ".", ":(exclude)results").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "-dirty"
	}
	return c
}

// planCache holds a training plan per batch size (the last batch of an
// epoch is usually smaller).
type planCache map[int]*nn.Plan

// get returns the training plan for batches of n, or nil when the recipe
// does not train through plans.
func (c planCache) get(use bool, m *nn.Model, n int, ctx *nn.Ctx) (*nn.Plan, error) {
	if !use {
		return nil, nil
	}
	p := c[n]
	if p == nil {
		var err error
		if p, err = nn.NewPlan(m.Net, m.Input, n, true); err != nil {
			return nil, err
		}
		c[n] = p
	}
	p.Ctx = ctx // dropout masks in modules the plan runs as they are
	return p, nil
}
