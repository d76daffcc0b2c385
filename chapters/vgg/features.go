package vgg

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Features runs m in eval mode on x up to the layer called layer — a
// paper name from Names ("conv4_3", "pool5", "fc7") or a module key
// ("features.21") — and returns that layer's output. A paper name gives
// the layer's feature after its ReLU (see Names); a key gives exactly that
// module's output. Only the layers up to it run, and only their weights
// need to exist.
//
//	x: (N, 3, H, W) → conv/pool layers: (N, C, H', W'); fc6, fc7: (N, 4096); fc8: (N, 1000)
//
// fc7 is the image's descriptor of the paper's Appendix B ("the 4096-D
// activations of the penultimate layer are used as image features").
func Features(m *nn.Model, x *nn.Tensor, layer string) (*nn.Tensor, error) {
	target := layer
	if n, ok := Lookup(m, layer); ok {
		target = n.Out
	}
	leaves, err := sequentialLeaves(m.Net)
	if err != nil {
		return nil, err
	}
	stop := -1
	for i, l := range leaves {
		if l.path == target {
			stop = i
			break
		}
	}
	if stop < 0 {
		return nil, fmt.Errorf("%s: no layer %q (paper names: conv1_1 … fc8, or module keys such as features.0)", m.Name, layer)
	}
	if len(x.Shape) < 2 {
		return nil, fmt.Errorf("%s: input needs a batch axis, got shape %v", m.Name, x.Shape)
	}
	// Check only the layers that will run: conv1_1 features of a 16×16
	// image are fine even though pool5 could not take them.
	run := nn.Seq("")
	for _, l := range leaves[:stop+1] {
		run.Append(keyed{l.m, l.path})
	}
	if _, err := nn.Analyze(run, x.Sample()); err != nil {
		return nil, fmt.Errorf("%s: %w", m.Name, err)
	}
	for _, l := range leaves[:stop+1] {
		for _, p := range l.m.Params() {
			if p.Data == nil {
				return nil, fmt.Errorf("%s: %s.%s is not initialised (call nn.InitParams or load weights)", m.Name, l.path, p.Name)
			}
		}
	}
	y := x
	for _, l := range leaves[:stop+1] {
		y = l.m.Forward(nn.Eval, y)
	}
	return y, nil
}

// keyed gives a leaf its full key, so that an analysis of the leaves
// alone names layers as the whole model does ("features.0: …").
type keyed struct {
	nn.Module
	key string
}

func (k keyed) Name() string { return k.key }

type leaf struct {
	path string
	m    nn.Module
}

// sequentialLeaves lists the leaves of a tree of Sequentials in the order
// its forward pass runs them.
func sequentialLeaves(root nn.Module) ([]leaf, error) {
	var out []leaf
	var err error
	nn.Walk(root, func(path string, m nn.Module) {
		if len(m.Children()) == 0 {
			out = append(out, leaf{path, m})
		} else if _, ok := m.(*nn.Sequential); !ok && err == nil {
			err = fmt.Errorf("vgg: Features runs Sequential trees only; %q is a %T", path, m)
		}
	})
	return out, err
}
