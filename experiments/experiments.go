// Package experiments runs the notes' behavioural claims as experiments on
// MNIST (the one real data set here; the book says so wherever the papers
// used ImageNet or CIFAR): `go run ./cmd/book experiment NAME`. Each
// experiment writes its results under results/NAME/ (committed, read by
// the book, which never trains) and is resumable: finished pieces
// (a model at a seed, a draw) are kept and skipped on a rerun.
//
// An experiment registers itself from its own file (Register in an init
// function), so experiments are added without touching each other.
package experiments

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Options are the settings every experiment receives.
type Options struct {
	Dir      string    // the results root ("results"); the experiment writes under Dir/NAME
	Progress io.Writer // progress lines; nil is silent
	Quick    bool      // a small version for tests: tiny subsets, one seed
}

// Experiment is one runnable experiment.
type Experiment struct {
	Name string
	Doc  string // one line: what it shows and which section of the notes
	Run  func(opt Options) error
}

var registry struct {
	sync.Mutex
	m map[string]Experiment
}

// Register adds an experiment; a duplicate name panics (a programming error).
func Register(e Experiment) {
	registry.Lock()
	defer registry.Unlock()
	if registry.m == nil {
		registry.m = map[string]Experiment{}
	}
	if _, dup := registry.m[e.Name]; dup {
		panic("experiments: two experiments named " + e.Name)
	}
	registry.m[e.Name] = e
}

// All lists the experiments by name.
func All() []Experiment {
	registry.Lock()
	defer registry.Unlock()
	var out []Experiment
	for _, e := range registry.m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Experiment) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Lookup finds an experiment, or says which exist.
func Lookup(name string) (Experiment, error) {
	registry.Lock()
	e, ok := registry.m[name]
	registry.Unlock()
	if !ok {
		var names []string
		for _, e := range All() {
			names = append(names, e.Name)
		}
		return Experiment{}, fmt.Errorf("no experiment %q (experiments: %s)", name, strings.Join(names, ", "))
	}
	return e, nil
}
