package vgg

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Name maps one of the paper's layer names to torchvision's module keys.
type Name struct {
	Paper string // "conv3_2", "norm1" (A-LRN), "pool3", "avgpool", "fc7"
	Group string // block for Breakdown: "conv1" … "conv5", "avgpool", "fc6", "fc7", "fc8"
	Key   string // the layer's own module: "features.12", "classifier.3"
	Out   string // the module whose output is the layer's feature: after its BatchNorm and ReLU
}

// Names lists the paper's names of m's layers in forward order, read from
// its module tree (so they hold for every configuration and for scaled
// models). For vgg16:
//
//	conv1_1 features.0 (out features.1) … pool1 features.4 … conv5_3 features.28 (out features.29),
//	pool5 features.30, avgpool avgpool, fc6 classifier.0 (out classifier.1),
//	fc7 classifier.3 (out classifier.4), fc8 classifier.6
//
// A layer's feature is taken after its ReLU, as Caffe's in-place ReLU
// leaves it in the layer's own blob (the "fc7 features" of the literature
// are non-negative). torchvision has no avgpool in the paper's network:
// at 224×224 pool5 is already 7×7, and the adaptive pool is the identity.
func Names(m *nn.Model) []Name {
	var out []Name
	last := func() *Name {
		if len(out) == 0 {
			return nil
		}
		return &out[len(out)-1]
	}
	block, conv := 1, 0
	if f, ok := nn.Find(m.Net, "features").(*nn.Sequential); ok {
		for _, l := range f.Layers {
			key := "features." + l.Name()
			switch l.(type) {
			case *nn.Conv2D:
				conv++
				out = append(out, Name{fmt.Sprintf("conv%d_%d", block, conv), fmt.Sprintf("conv%d", block), key, key})
			case *nn.BatchNorm2D, *nn.Activation:
				if n := last(); n != nil {
					n.Out = key
				}
			case *nn.LRN:
				out = append(out, Name{fmt.Sprintf("norm%d", block), fmt.Sprintf("conv%d", block), key, key})
			case *nn.MaxPool2D:
				out = append(out, Name{fmt.Sprintf("pool%d", block), fmt.Sprintf("conv%d", block), key, key})
				block, conv = block+1, 0
			}
		}
	}
	if nn.Find(m.Net, "avgpool") != nil {
		out = append(out, Name{"avgpool", "avgpool", "avgpool", "avgpool"})
	}
	fc := 6 // Table 1 names the fully connected layers FC-4096, FC-4096, FC-1000; Caffe's fc6, fc7, fc8
	if c, ok := nn.Find(m.Net, "classifier").(*nn.Sequential); ok {
		for _, l := range c.Layers {
			key := "classifier." + l.Name()
			switch l.(type) {
			case *nn.Linear:
				p := fmt.Sprintf("fc%d", fc)
				out = append(out, Name{p, p, key, key})
				fc++
			case *nn.Activation:
				if n := last(); n != nil {
					n.Out = key
				}
			}
		}
	}
	return out
}

// Lookup returns the Name whose Paper name is paper.
func Lookup(m *nn.Model, paper string) (Name, bool) {
	for _, n := range Names(m) {
		if n.Paper == paper {
			return n, true
		}
	}
	return Name{}, false
}
