package results

// Degradation is what `book experiment degradation` recorded
// (results/degradation/degradation.json): He et al. 2016 §4.1's
// degradation experiment on MNIST, plain and residual networks at two
// depths, judged on the training loss.
type Degradation struct {
	Command     string           `json:"command"`
	TrainImages int              `json:"train_images"`
	Runs        []DegradationRun `json:"runs"`
}

// DegradationRun is one network at one seed. Its per-epoch record is
// results/degradation/<model>-seed<S>.json.
type DegradationRun struct {
	Model    string `json:"model"`
	Residual bool   `json:"residual"`
	Layers   int    `json:"layers"` // weighted layers
	Seed     uint64 `json:"seed"`
	// TrainLoss is the softmax cross-entropy on every training image after
	// training, in evaluation mode; TrainAcc the accuracy there.
	TrainLoss float64 `json:"train_loss"`
	TrainAcc  float64 `json:"train_acc"`
	TestAcc   float64 `json:"test_acc"`
	// EpochLoss is the run's mean training-mode loss per epoch (what
	// He et al. 2016 Fig. 1 and 4 plot as training error).
	EpochLoss []float64 `json:"epoch_loss"`
	// Convs names the convolutions in forward order; Grads holds their
	// weight-gradient norms ‖∂L/∂W‖₂ at sampled steps.
	Convs []string     `json:"convs"`
	Grads []GradSample `json:"grads"`
}

// GradSample is the gradient norm of every convolution at one step.
type GradSample struct {
	Step  int       `json:"step"`
	Norms []float64 `json:"norms"`
}
