// Package results holds what the training runs recorded: one JSON file per
// model and seed (<model>-seed<S>.json, written by `book train`), with the
// trained weights beside it (<model>-seed<S>.safetensors). The files are
// committed and embedded here, so the book and the tests read the runs
// without retraining; the book build never trains.
//
// Accuracies are fractions. The test split is only ever reported: the
// recipes were tuned on the validation images (the last 5,000 of MNIST's
// training set).
package results

import (
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
)

//go:embed *.json
var files embed.FS

// Epoch is one line of a run's record.
type Epoch struct {
	Epoch     int     `json:"epoch"` // from 1
	LR        float64 `json:"lr"`    // at the epoch's first step
	TrainLoss float64 `json:"train_loss"`
	TrainAcc  float64 `json:"train_acc"` // on the (augmented) batches as they were seen, in training mode
	ValAcc    float64 `json:"val_acc"`
	TestLoss  float64 `json:"test_loss"`
	TestAcc   float64 `json:"test_acc"`
	Seconds   float64 `json:"seconds"`      // the whole epoch, evaluation included
	ImagesPS  float64 `json:"images_per_s"` // training images per second of training steps
}

// Check is the accuracy of the final weights on a fixed slice of the test
// set (the first Images), small enough for a test to recompute from the
// committed weights.
type Check struct {
	Images int     `json:"images"`
	Acc    float64 `json:"acc"`
}

// Run is the record of one training run.
type Run struct {
	Model        string          `json:"model"`
	Seed         uint64          `json:"seed"`
	Command      string          `json:"command"`
	Commit       string          `json:"commit"`
	GOMAXPROCS   int             `json:"gomaxprocs"`
	Kernel       string          `json:"kernel"` // the GEMM micro-kernel that ran
	Recipe       json.RawMessage `json:"recipe"` // the recipe's settings, as train wrote them
	TrainImages  int             `json:"train_images"`
	ValImages    int             `json:"val_images"`
	TestImages   int             `json:"test_images"`
	Epochs       []Epoch         `json:"epochs"`
	FinalTestAcc float64         `json:"final_test_acc"`
	Check        Check           `json:"check"`
}

// Seconds is the run's total wall time.
func (r *Run) Seconds() float64 {
	var s float64
	for _, e := range r.Epochs {
		s += e.Seconds
	}
	return s
}

// Name is the base name of a run's files.
func Name(model string, seed uint64) string { return fmt.Sprintf("%s-seed%d", model, seed) }

// Load returns the committed run of model at seed.
func Load(model string, seed uint64) (*Run, error) {
	b, err := fs.ReadFile(files, Name(model, seed)+".json")
	if err != nil {
		return nil, fmt.Errorf("results: no committed run of %s at seed %d (train it: go run ./cmd/book train %s -seed %d)", model, seed, model, seed)
	}
	return decode(Name(model, seed)+".json", b)
}

// Seeds returns every committed run of model, by seed.
func Seeds(model string) ([]*Run, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	var out []*Run
	for _, r := range all {
		if r.Model == model {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("results: no committed run of %s", model)
	}
	slices.SortFunc(out, func(a, b *Run) int { return cmp.Compare(a.Seed, b.Seed) })
	return out, nil
}

// All lists every committed run.
func All() ([]*Run, error) {
	names, err := fs.Glob(files, "*-seed*.json")
	if err != nil {
		return nil, err
	}
	var out []*Run
	for _, n := range names {
		b, err := fs.ReadFile(files, n)
		if err != nil {
			return nil, err
		}
		r, err := decode(n, b)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func decode(name string, b []byte) (*Run, error) {
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("results: %s: %w", name, err)
	}
	if len(r.Epochs) == 0 {
		return nil, fmt.Errorf("results: %s records no epoch", name)
	}
	return &r, nil
}

// ReadFile reads a results file from disk.
func ReadFile(p string) (*Run, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return decode(path.Base(p), b)
}

// WriteFile writes r as indented JSON, atomically.
func WriteFile(p string, r *Run) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(p, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
