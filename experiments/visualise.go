package experiments

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/data/mnist"
	"github.com/cnnbook/cnnbook/internal/atomicfile"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/weights"
	"github.com/cnnbook/cnnbook/results"
	"github.com/cnnbook/cnnbook/train"
)

func init() {
	Register(Experiment{
		Name: "visualise",
		Doc:  "ZFNet §3.2 on MNIST: filters, deconvnet projections of top activations, settling per layer, invariance, occlusion (notes §3.2)",
		Run:  runVisualise,
	})
}

// VisualiseRecipe trains zfnet.MNIST. The optimiser is lenet5's recipe
// (train.Recipes["lenet5"]: SGD with momentum 0.9, weight decay 5·10⁻⁴,
// batch 64, learning rate 0.02 divided by 10 at 60 % and 85 % of the
// steps, shifts of ±2 px: ZFNet's own was SGD with momentum 0.9,
// learning rate 10⁻² annealed by hand, random crops, §3), on the first
// VisualiseImages training images for VisualiseEpochs passes: "epoch"
// below is a pass over that subset, chosen so that the run fits in about
// 5 minutes on 2 cores (about 700 images/s) and the settling curves have
// 8 points.
func VisualiseRecipe() train.Recipe {
	r, err := train.Lookup("lenet5")
	if err != nil {
		panic(err)
	}
	r.Model, r.Doc = "zfnet-mnist", "ZFNet shrunk to MNIST (4 conv layers), for the visualise experiment"
	r.Build = zfnet.MNIST
	r.Init = nil
	r.Format = mnist.Format{Pad: 0, Scaling: mnist.Standard}
	r.Epochs = VisualiseEpochs
	return r
}

// The full run's size (see VisualiseRecipe).
const (
	VisualiseImages = 20000
	VisualiseEpochs = 8
)

// visualiseSize is what a run covers: the full experiment or -quick.
type visualiseSize struct {
	trainImages, evalImages, epochs int
	topImages                       int // test images searched for top activations
	maps                            int // feature maps shown per layer
	top                             int // activations per map
	invImages, occImages            int
	shifts, angles, scales          []float64
	square, stride                  int
	stopAfter                       int // tests: end after this many epochs, as if killed
}

func sizeOf(quick bool) visualiseSize {
	if quick {
		return visualiseSize{trainImages: 300, evalImages: 100, epochs: 2, topImages: 100, maps: 2, top: 3,
			invImages: 1, occImages: 1, shifts: []float64{-2, 0, 2}, angles: []float64{-30, 0, 30}, scales: []float64{0.8, 1, 1.2},
			square: 8, stride: 10}
	}
	s := visualiseSize{trainImages: VisualiseImages, epochs: VisualiseEpochs, topImages: mnist.TestCount, maps: 6, top: 9,
		// ZFNet Fig. 5 uses 5 images; Fig. 7 three.
		invImages: 5, occImages: 3,
		// 6×6 grey square, slid 2 px at a time: 12×12 positions.
		square: 6, stride: 2}
	// ZFNet Fig. 5 translates by up to about ±60 of 224 pixels (a
	// quarter of the image): ±8 of 28 here.
	for t := -8; t <= 8; t++ {
		s.shifts = append(s.shifts, float64(t))
	}
	for a := -180; a <= 180; a += 15 {
		s.angles = append(s.angles, float64(a))
	}
	for k := 5; k <= 16; k++ {
		s.scales = append(s.scales, float64(k)/10)
	}
	return s
}

func runVisualise(opt Options) error { return runVisualiseSize(opt, sizeOf(opt.Quick)) }

func runVisualiseSize(opt Options, sz visualiseSize) error {
	dir := filepath.Join(opt.Dir, "visualise")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := VisualiseRecipe()
	r.Epochs = sz.epochs
	const seed = 1
	m, run, snaps, err := trainVisualise(r, seed, dir, sz, opt)
	if err != nil {
		return err
	}
	logf(opt.Progress, "visualise: trained %s, test accuracy %.2f %%; analysing", r.Model, 100*run.FinalTestAcc)
	v, err := analyse(m, run, snaps, sz)
	if err != nil {
		return err
	}
	v.Command = "book experiment visualise"
	if opt.Quick {
		v.Command += " -quick"
	}
	p := filepath.Join(dir, results.VisualiseFile)
	if err := results.WriteVisualise(p, v); err != nil {
		return err
	}
	logf(opt.Progress, "visualise: wrote %s", p)
	return nil
}

func logf(w io.Writer, format string, a ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", a...)
	}
}

// snapshots are the weights of each weighted layer after each epoch,
// kept beside the checkpoint (a .ckpt: not committed) so that a resumed
// run still has every epoch's.
type snapshots struct {
	Layers []string
	Epochs map[int][][]float32 // epoch (from 1) → layer → weights
}

func readSnapshots(p string) (*snapshots, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &snapshots{Epochs: map[int][][]float32{}}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var s snapshots
	if err := gob.NewDecoder(f).Decode(&s); err != nil {
		return nil, fmt.Errorf("visualise: %s: %w (delete it and the checkpoint to start over)", p, err)
	}
	return &s, nil
}

func (s *snapshots) write(p string) error {
	return atomicfile.Write(p, 0o644, func(w io.Writer) error { return gob.NewEncoder(w).Encode(s) })
}

// weightLayers are the weighted layers, by the keys of their weights.
func weightLayers(m *nn.Model) []nn.NamedParam {
	var out []nn.NamedParam
	for _, p := range nn.AllParams(m.Net) {
		if p.Name == "weight" {
			out = append(out, p)
		}
	}
	return out
}

// trainVisualise trains (or resumes, or loads the finished run of) the
// net, snapshotting its weights after every epoch.
func trainVisualise(r train.Recipe, seed uint64, dir string, sz visualiseSize, opt Options) (*nn.Model, *results.Run, *snapshots, error) {
	paths := train.PathsOf(dir, r.Model, seed)
	snapPath := filepath.Join(dir, "snapshots.ckpt")
	snaps, err := readSnapshots(snapPath)
	if err != nil {
		return nil, nil, nil, err
	}
	m := r.Build()
	done := false
	if _, err := os.Stat(paths.JSON); err == nil {
		done = true
	}
	var run *results.Run
	if done {
		if run, err = results.ReadFile(paths.JSON); err != nil {
			return nil, nil, nil, err
		}
		if err := weights.Load(m.Net, paths.Weights, nil); err != nil {
			return nil, nil, nil, err
		}
		if len(run.Epochs) != r.Epochs || run.TrainImages != sz.trainImages {
			return nil, nil, nil, fmt.Errorf("visualise: %s holds %d epochs on %d images, this run wants %d on %d (delete %s to retrain)",
				paths.JSON, len(run.Epochs), run.TrainImages, r.Epochs, sz.trainImages, dir)
		}
		logf(opt.Progress, "visualise: %s is trained; analysing it again", paths.JSON)
	} else {
		_, err := os.Stat(paths.Checkpoint)
		resume := err == nil
		var trained *nn.Model
		run, err = train.Run(r, seed, train.Options{
			Dir: dir, Resume: resume, Command: "book experiment visualise", Progress: opt.Progress,
			TrainImages: sz.trainImages, EvalImages: sz.evalImages, StopAfter: sz.stopAfter,
			OnEpoch: func(e results.Epoch, m *nn.Model) error {
				trained = m
				var ws [][]float32
				snaps.Layers = snaps.Layers[:0]
				for _, p := range weightLayers(m) {
					snaps.Layers = append(snaps.Layers, p.Key)
					ws = append(ws, append([]float32(nil), p.Data...))
				}
				snaps.Epochs[e.Epoch] = ws
				return snaps.write(snapPath)
			},
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if trained == nil {
			return nil, nil, nil, fmt.Errorf("visualise: the run trained no epoch")
		}
		if len(run.Epochs) < r.Epochs {
			return nil, nil, nil, fmt.Errorf("visualise: stopped after epoch %d of %d (resume: run it again)", len(run.Epochs), r.Epochs)
		}
		m = trained
	}
	for e := 1; e <= r.Epochs; e++ {
		if snaps.Epochs[e] == nil {
			return nil, nil, nil, fmt.Errorf("visualise: no weight snapshot of epoch %d in %s (delete %s to retrain)", e, snapPath, dir)
		}
	}
	return m, run, snaps, nil
}

// settling is, per weighted layer, ‖W_e − W_final‖ / ‖W_final‖ after
// each epoch e.
func settling(snaps *snapshots, epochs int) []results.Settling {
	final := snaps.Epochs[epochs]
	var out []results.Settling
	for l, name := range snaps.Layers {
		var fin float64
		for _, v := range final[l] {
			fin += float64(v) * float64(v)
		}
		s := results.Settling{Layer: name}
		for e := 1; e <= epochs; e++ {
			var d float64
			for i, v := range snaps.Epochs[e][l] {
				x := float64(v) - float64(final[l][i])
				d += x * x
			}
			s.Rel = append(s.Rel, math.Sqrt(d/fin))
		}
		out = append(out, s)
	}
	return out
}
