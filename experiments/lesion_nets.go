package experiments

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/internal/atomicfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
)

// MNISTResNet is the small network of the residual experiments (lesion,
// degradation, stochastic depth): He et al. 2016 §4.2's CIFAR design
// shrunk to MNIST and to two CPU cores. It has two stages of n two-layer
// blocks at width and 2·width channels (14×14 and 7×7 maps); the stem
// and the one transition between the stages are ordinary layers, so that
// every block keeps the shape of its input and can be deleted:
//
//	conv1 3×3, width → bn1 → relu → pool 2×2          (1×28×28 → width×14×14)
//	→ layer1: n blocks at width                        (width×14×14)
//	→ down 3×3 stride 2, 2·width → downbn → downrelu   (2·width×7×7)
//	→ layer2: n blocks at 2·width                      (2·width×7×7)
//	→ avgpool (global) → fc 10
//
// With residual, a block is the post-activation basic block of He et al.
// 2016 Fig. 2 with an identity shortcut, y = ReLU(x + bn2(conv2(ReLU(bn1(conv1(x)))))),
// an nn.Residual; without, it is its plain twin, the same layers and
// parameters with no shortcut, y = ReLU(bn2(conv2(ReLU(bn1(conv1(x)))))).
// Weighted layers: 4n + 3 (stem, 4n block convolutions, transition, fc).
func MNISTResNet(name string, n, width int, residual bool) *nn.Model {
	stage := func(name string, c int) *nn.Sequential {
		s := nn.Seq(name)
		for i := range n {
			s.Append(mnistBlock(fmt.Sprint(i), c, residual))
		}
		return s
	}
	net := nn.Seq(name,
		nn.NewConv2D("conv1", 1, width, 3, nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", width),
		nn.NewReLU("relu"),
		nn.NewMaxPool2D("pool", 2),
		stage("layer1", width),
		nn.NewConv2D("down", width, 2*width, 3, nn.Stride(2), nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("downbn", 2*width),
		nn.NewReLU("downrelu"),
		stage("layer2", 2*width),
		nn.NewGlobalAvgPool("avgpool"),
		nn.NewLinear("fc", 2*width, 10))
	return &nn.Model{Name: name, Input: nn.Shape{1, 28, 28}, Net: net}
}

// mnistBlock is one block of MNISTResNet at c channels.
func mnistBlock(name string, c int, residual bool) nn.Module {
	layers := []nn.Module{
		nn.NewConv2D("conv1", c, c, 3, nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn1", c),
		nn.NewReLU("relu"),
		nn.NewConv2D("conv2", c, c, 3, nn.Pad(1), nn.NoBias()),
		nn.NewBatchNorm2D("bn2", c),
	}
	if residual {
		return nn.NewResidual(name, nn.Seq("", layers...), nil, nn.NewReLU("relu"))
	}
	return nn.Seq(name, append(layers, nn.NewReLU("relu2"))...)
}

// Blocks lists the deletable blocks of an MNISTResNet in forward order
// (layer1's, then layer2's).
func Blocks(m *nn.Model) []nn.Module {
	var out []nn.Module
	for _, l := range m.Net.(*nn.Sequential).Layers {
		if s, ok := l.(*nn.Sequential); ok && (s.Name() == "layer1" || s.Name() == "layer2") {
			out = append(out, s.Layers...)
		}
	}
	return out
}

// WithoutBlocks returns m with the blocks of the given indexes (into
// Blocks(m)) deleted: the network the lesion study evaluates. A deleted
// block is taken out of its stage, so its input goes straight on to the
// next block: for a residual block that is what its identity shortcut
// carries (its input is already rectified, so the ReLU after the sum
// changes nothing); for a plain block it cuts the only path. The layers
// are shared with m, not copied.
func WithoutBlocks(m *nn.Model, deleted []int) *nn.Model {
	del := map[int]bool{}
	for _, i := range deleted {
		del[i] = true
	}
	net := nn.Seq(m.Net.Name())
	i := 0
	for _, l := range m.Net.(*nn.Sequential).Layers {
		s, ok := l.(*nn.Sequential)
		if !ok || (s.Name() != "layer1" && s.Name() != "layer2") {
			net.Append(l)
			continue
		}
		kept := nn.Seq(s.Name())
		for _, b := range s.Layers {
			if !del[i] {
				kept.Append(b)
			}
			i++
		}
		net.Append(kept)
	}
	return &nn.Model{Name: m.Name, Input: m.Input, Net: net}
}

// trained returns the run of r at seed under dir and its trained model:
// read back if the run finished earlier (its weights file exists),
// continued from its checkpoint if one was left, trained otherwise. The
// hooks of extra (AfterBackward, OnEpoch) run during the training.
func trained(name string, r train.Recipe, seed uint64, dir string, opt Options, images, evalImages int, extra ...train.Options) (*results.Run, *nn.Model, error) {
	p := train.PathsOf(dir, r.Model, seed)
	// A results file without its weights (they are not committed for every
	// experiment) is trained again: the same seed gives the same bytes.
	_, werr := os.Stat(p.Weights)
	if _, err := os.Stat(p.JSON); err == nil && werr == nil {
		res, err := results.ReadFile(p.JSON)
		if err != nil {
			return nil, nil, err
		}
		m, err := loadTrained(r, p.Weights)
		return res, m, err
	}
	_, err := os.Stat(p.Checkpoint)
	resume := err == nil
	if opt.Progress != nil {
		fmt.Fprintf(opt.Progress, "%s seed %d: %s\n", r.Model, seed, map[bool]string{true: "resuming", false: "training"}[resume])
	}
	o := train.Options{
		Dir: dir, Resume: resume, Command: command(name, opt), Progress: opt.Progress,
		TrainImages: images, EvalImages: evalImages,
	}
	for _, e := range extra {
		o.AfterBackward, o.OnEpoch = e.AfterBackward, e.OnEpoch
	}
	res, err := train.Run(r, seed, o)
	if err != nil {
		return nil, nil, err
	}
	os.Remove(p.Checkpoint) // the run is complete: its results file and weights are what stay
	m, err := loadTrained(r, p.Weights)
	return res, m, err
}

func loadTrained(r train.Recipe, path string) (*nn.Model, error) {
	m := r.Build()
	if err := weights.Load(m.Net, path, nil); err != nil {
		return nil, err
	}
	return m, nil
}

// command is the command line an experiment's runs record.
func command(name string, o Options) string {
	if o.Quick {
		return "book experiment " + name + " -quick"
	}
	return "book experiment " + name
}

// readJSON decodes a results file of an experiment; a missing file is
// (false, nil): nothing done yet.
func readJSON(path string, v any) (bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("%s: %w (delete it to start the experiment over)", path, err)
	}
	return true, nil
}

// writeJSON writes v as indented JSON, atomically.
func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// testSet loads MNIST's test split and the first n of its images (all for n ≤ 0).
func testSet(n int) (*mnist.Set, []int, error) {
	s, err := mnist.Load(mnist.Test)
	if err != nil {
		return nil, nil, err
	}
	if n <= 0 || n > s.N {
		n = s.N
	}
	return s, mnist.Range(0, n), nil
}
