package results

// StochasticDepth is what `book experiment stochastic-depth` recorded
// (results/stochastic-depth/stochastic-depth.json): Huang et al. 2016's
// stochastic depth on MNIST, the same residual network trained with every
// block and with blocks dropped at random, epoch for epoch side by side.
type StochasticDepth struct {
	Command     string    `json:"command"`
	TrainImages int       `json:"train_images"`
	Blocks      int       `json:"blocks"`
	Survival    []float64 `json:"survival"` // p_ℓ of the stochastic runs
	// ExpectedBlocks is Σ p_ℓ; ExpectedWork the expected multiply-accumulates
	// of a stochastic training pass as a fraction of a full one (the stem,
	// transition and classifier always run).
	ExpectedBlocks float64 `json:"expected_blocks"`
	ExpectedWork   float64 `json:"expected_work"`
	Runs           []SDRun `json:"runs"`
}

// SDRun is one training run. Its per-epoch record is
// results/stochastic-depth/<model>-seed<S>.json.
type SDRun struct {
	Model      string  `json:"model"`
	Stochastic bool    `json:"stochastic"`
	Seed       uint64  `json:"seed"`
	TestAcc    float64 `json:"test_acc"` // every test image, after the last epoch
	// EpochSeconds is each epoch's training time (its training images ÷
	// the images per second of its training steps, evaluation excluded).
	EpochSeconds []float64 `json:"epoch_seconds"`
}

// SDNumbers summarises the stochastic-depth runs.
type SDNumbers struct {
	Seeds                  int
	FullSeconds, SDSeconds float64 // mean training seconds per epoch
	TimeRatio              float64 // SDSeconds / FullSeconds
	FullAcc, SDAcc         float64 // mean test accuracy
}

// Summary averages the runs of each kind over seeds and epochs.
func (rec *StochasticDepth) Summary() SDNumbers {
	var n SDNumbers
	var fs, ss []float64
	var fa, sa []float64
	for _, r := range rec.Runs {
		if r.Stochastic {
			ss, sa = append(ss, r.EpochSeconds...), append(sa, r.TestAcc)
		} else {
			fs, fa = append(fs, r.EpochSeconds...), append(fa, r.TestAcc)
		}
	}
	mean := func(xs []float64) float64 {
		s, _ := SpreadOf(xs)
		return s.Mean
	}
	n.Seeds = len(fa)
	n.FullSeconds, n.SDSeconds = mean(fs), mean(ss)
	n.TimeRatio = n.SDSeconds / n.FullSeconds
	n.FullAcc, n.SDAcc = mean(fa), mean(sa)
	return n
}
