package googlenet

import (
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// Structure is what the notes say about GoogLeNet's layout, read from a
// model's module tree rather than from Table 1.
type Structure struct {
	Inceptions     []string // inception module names in forward order
	PoolBefore     []int    // 1-based positions of the modules a max-pool precedes
	ModuleDepth    []int    // weighted layers on the longest path through each module
	Aux            []string // auxiliary heads in forward order
	AuxAfter       []string // the module each head reads
	AuxLayers      []string // the head's layer types in order (first head)
	AuxParams      int64    // parameters of all heads together
	ReduceFirst    bool     // every 3×3/5×5 branch starts with a 1×1 conv
	PoolProjection bool     // every pool branch is a max-pool followed by a 1×1 conv
}

// Inspect reads the structure of a GoogLeNet built by New or NewTorchvision.
func Inspect(m *nn.Model) (Structure, error) {
	var s Structure
	root, ok := m.Net.(*nn.Sequential)
	if !ok {
		return s, fmt.Errorf("googlenet: Inspect: %s's root is %T, not the *nn.Sequential New and NewTorchvision build", m.Name, m.Net)
	}
	rep, err := m.Analyze()
	if err != nil {
		return s, err
	}
	s.AuxParams = rep.Params - rep.InferenceParams
	s.ReduceFirst, s.PoolProjection = true, true
	poolPending := false
	last := ""
	for _, c := range root.Layers {
		switch l := c.(type) {
		case *nn.MaxPool2D:
			poolPending = true
		case *nn.Aux:
			s.Aux = append(s.Aux, l.Name())
			s.AuxAfter = append(s.AuxAfter, last)
			if len(s.AuxLayers) == 0 {
				nn.Walk(l.Head, func(_ string, m nn.Module) {
					if len(m.Children()) == 0 {
						s.AuxLayers = append(s.AuxLayers, leafType(m))
					}
				})
			}
		case *nn.Parallel:
			if !strings.HasPrefix(l.Name(), "inception") {
				continue
			}
			s.Inceptions = append(s.Inceptions, l.Name())
			if poolPending {
				s.PoolBefore = append(s.PoolBefore, len(s.Inceptions))
			}
			poolPending = false
			last = l.Name()
			if len(l.Branches) != 4 {
				return s, fmt.Errorf("googlenet: Inspect: %s has %d branches, an Inception module 4", l.Name(), len(l.Branches))
			}
			first, ok := firstLeaf(l.Branches[0]).(*nn.Conv2D)
			if !ok {
				return s, fmt.Errorf("googlenet: Inspect: %s's first branch starts with %T, not a convolution", l.Name(), firstLeaf(l.Branches[0]))
			}
			in := first.In
			r, err := nn.Analyze(l, nn.Shape{in, 14, 14})
			if err != nil {
				return s, err
			}
			s.ModuleDepth = append(s.ModuleDepth, r.Depth)
			for _, b := range l.Branches[1:3] {
				first := firstLeaf(b)
				if cv, ok := first.(*nn.Conv2D); !ok || cv.KH != 1 {
					s.ReduceFirst = false
				}
			}
			b4, ok := l.Branches[3].(*nn.Sequential)
			if !ok || len(b4.Layers) != 2 {
				return s, fmt.Errorf("googlenet: Inspect: %s's pool branch is %T, not a pool and a projection", l.Name(), l.Branches[3])
			}
			if _, ok := b4.Layers[0].(*nn.MaxPool2D); !ok {
				s.PoolProjection = false
			}
			if cv, ok := firstLeaf(b4.Layers[1]).(*nn.Conv2D); !ok || cv.KH != 1 {
				s.PoolProjection = false
			}
		case *nn.LRN:
			// normalisation between a pool and a module keeps the pool "before" it
		default:
			poolPending = false
		}
	}
	return s, nil
}

func firstLeaf(m nn.Module) nn.Module {
	for len(m.Children()) > 0 {
		m = m.Children()[0]
	}
	return m
}

// leafType names a leaf for the aux head's layout: AvgPool, Conv1x1, FC, ….
func leafType(m nn.Module) string {
	switch l := m.(type) {
	case *nn.AvgPool2D, *nn.AdaptiveAvgPool2D:
		return "AvgPool"
	case *nn.Conv2D:
		if l.KH == 1 {
			return "Conv1x1"
		}
		return "Conv"
	case *nn.Linear:
		return "FC"
	case *nn.BatchNorm2D:
		return "BN"
	case *nn.Activation:
		return "ReLU"
	case *nn.Dropout:
		return "Dropout"
	case *nn.Flatten:
		return "Flatten"
	}
	return "?"
}

// Branches describes the branches of every Inception module of m, in
// forward order: each branch as its convolutions and pools, "1×1 → 3×3",
// "max-pool 3×3 → 1×1". Distinct module layouts are listed once, with
// the modules that share them.
func Branches(m *nn.Model) (layouts [][]string, modules [][]string) {
	root, ok := m.Net.(*nn.Sequential)
	if !ok {
		return nil, nil
	}
	index := map[string]int{}
	for _, c := range root.Layers {
		p, ok := c.(*nn.Parallel)
		if !ok || !strings.HasPrefix(p.Name(), "inception") {
			continue
		}
		var layout []string
		for _, b := range p.Branches {
			var ops []string
			nn.Walk(b, func(_ string, l nn.Module) {
				switch l := l.(type) {
				case *nn.Conv2D:
					ops = append(ops, fmt.Sprintf("%d×%d", l.KH, l.KW))
				case *nn.MaxPool2D:
					ops = append(ops, fmt.Sprintf("max-pool %d×%d", l.KH, l.KW))
				}
			})
			layout = append(layout, strings.Join(ops, " → "))
		}
		key := strings.Join(layout, " | ")
		i, seen := index[key]
		if !seen {
			i = len(layouts)
			index[key] = i
			layouts = append(layouts, layout)
			modules = append(modules, nil)
		}
		modules[i] = append(modules[i], p.Name())
	}
	return layouts, modules
}

// Linears lists the fully connected layers of m's report, split into
// those of the inference graph and those that run only in training (the
// auxiliary heads).
func Linears(rep *nn.Report) (inference, trainOnly []string) {
	for _, r := range rep.Rows {
		if _, ok := r.Module.(*nn.Linear); !ok {
			continue
		}
		if r.TrainOnly {
			trainOnly = append(trainOnly, r.Name)
		} else {
			inference = append(inference, r.Name)
		}
	}
	return inference, trainOnly
}
