package vgg

import (
	"fmt"
	"strconv"

	"github.com/cnnbook/cnnbook/nn"
)

// Config is one column of the paper's Table 1. Blocks[b] lists the kernel
// size of each conv layer of block b+1 (the layers between two max-pools,
// conv{b+1}_1, conv{b+1}_2, …): 3 for "conv3-N", 1 for config C's "conv1-N".
type Config struct {
	Name   string // "A", "A-LRN", "B", "C", "D", "E"
	Blocks [5][]int
	LRN    bool // A-LRN: local response normalisation after conv1_1
}

// Widths are the channels of blocks 1–5 in every configuration
// (Table 1: conv3-64, conv3-128, conv3-256, conv3-512, conv3-512).
var Widths = [5]int{64, 128, 256, 512, 512}

// The configurations of Table 1 ("ConvNet configurations (shown in
// columns)"); §2.2: "the width of conv. layers … starting from 64 in the
// first layer and then increasing by a factor of 2 after each max-pooling
// layer, until it reaches 512".
var (
	A    = Config{Name: "A", Blocks: [5][]int{{3}, {3}, {3, 3}, {3, 3}, {3, 3}}}
	ALRN = Config{Name: "A-LRN", Blocks: A.Blocks, LRN: true}
	B    = Config{Name: "B", Blocks: [5][]int{{3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}}}
	C    = Config{Name: "C", Blocks: [5][]int{{3, 3}, {3, 3}, {3, 3, 1}, {3, 3, 1}, {3, 3, 1}}}
	D    = Config{Name: "D", Blocks: [5][]int{{3, 3}, {3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}}}
	E    = Config{Name: "E", Blocks: [5][]int{{3, 3}, {3, 3}, {3, 3, 3, 3}, {3, 3, 3, 3}, {3, 3, 3, 3}}}
)

// Configs returns the six configurations of Table 1 in the paper's order.
func Configs() []Config { return []Config{A, ALRN, B, C, D, E} }

// WeightLayers is the configuration's depth as the paper counts it (Table 1
// header: "11 weight layers" … "19 weight layers"): its convs plus three
// fully connected layers.
func (c Config) WeightLayers() int {
	n := 3
	for _, b := range c.Blocks {
		n += len(b)
	}
	return n
}

// Options scales a configuration. The zero value is the paper's network:
// 3×224×224 input, widths 64…512, 4096-wide fc6/fc7, 1000 classes.
type Options struct {
	BatchNorm bool // torchvision's vgg*_bn: conv, BatchNorm2d, ReLU
	Div       int  // divide every conv width by Div (0 or 1: full width)
	FC        int  // width of fc6 and fc7 (0: 4096)
	Classes   int  // width of fc8 (0: 1000)
}

// Paper §2.1: "the input to our ConvNets is a fixed-size 224 × 224 RGB image".
const inputSize = 224

// New builds configuration cfg with torchvision's module tree:
//
//	features   Sequential 0, 1, 2, …: per conv layer Conv2d(k, pad k/2)
//	           [, BatchNorm2d], ReLU [, LRN after conv1_1 in A-LRN];
//	           MaxPool2d(2, 2) after each block
//	avgpool    AdaptiveAvgPool2d(7, 7)   (torchvision; 7×7 already at 224)
//	flatten    (torchvision calls torch.flatten; no parameters, no key)
//	classifier Sequential 0 Linear(512·7·7, 4096), 1 ReLU, 2 Dropout(0.5),
//	           3 Linear(4096, 4096), 4 ReLU, 5 Dropout(0.5), 6 Linear(4096, 1000)
//
// The model's name is modelName. Nothing is allocated beyond shapes.
func New(modelName string, cfg Config, o Options) *nn.Model {
	div, fc, classes := max(o.Div, 1), o.FC, o.Classes
	if fc == 0 {
		fc = 4096 // Table 1: FC-4096, FC-4096
	}
	if classes == 0 {
		classes = 1000 // Table 1: FC-1000
	}
	features := nn.Seq("features")
	add := func(m nn.Module) { features.Append(m) }
	key := func() string { return strconv.Itoa(len(features.Layers)) }
	in := 3
	for b, block := range cfg.Blocks {
		out := Widths[b] / div
		for i, k := range block {
			// §2.1: "the padding is 1 pixel for 3 × 3 conv. layers"; 1×1 convs need none.
			add(nn.NewConv2D(key(), in, out, k, nn.Pad(k/2)))
			if o.BatchNorm {
				add(nn.NewBatchNorm2D(key(), out))
			}
			add(nn.NewReLU(key()))
			if cfg.LRN && b == 0 && i == 0 {
				// §2.2: "the parameters for the LRN layer are those of (Krizhevsky et al., 2012)".
				add(nn.NewLRN(key()))
			}
			in = out
		}
		// §2.1: "Max-pooling is performed over a 2 × 2 pixel window, with stride 2."
		add(nn.NewMaxPool2D(key(), 2, nn.Stride(2)))
	}
	classifier := nn.Seq("classifier",
		linear("0", in*7*7, fc), nn.NewReLU("1"), nn.NewDropout("2", 0.5),
		linear("3", fc, fc), nn.NewReLU("4"), nn.NewDropout("5", 0.5),
		linear("6", fc, classes))
	net := nn.Seq(modelName, features, nn.NewAdaptiveAvgPool2D("avgpool", 7, 7), nn.NewFlatten("flatten"), classifier)
	return &nn.Model{Name: modelName, Input: nn.Shape{3, inputSize, inputSize}, Net: net}
}

// linear declares a fully connected layer initialised as torchvision's VGG
// does (nn.init.normal_(weight, 0, 0.01), bias 0).
func linear(name string, in, out int) *nn.Linear {
	l := nn.NewLinear(name, in, out)
	l.Weight.Init, l.Weight.Scale = nn.InitNormal, 0.01
	return l
}

// entries lists the registered models: the paper's six configurations
// (names as torchvision where it has the model), then the BN variants.
var entries = []struct {
	name string
	cfg  Config
	bn   bool
	doc  string
}{
	{"vgg11", A, false, "VGG config A, 11 weight layers (Simonyan & Zisserman 2015 Table 1; torchvision vgg11)"},
	{"vgg11-lrn", ALRN, false, "VGG config A-LRN: A with LRN after conv1_1 (Table 1)"},
	{"vgg13", B, false, "VGG config B, 13 weight layers (Table 1; torchvision vgg13)"},
	{"vgg16-c", C, false, "VGG config C: 16 weight layers with 1×1 convs in blocks 3–5 (Table 1)"},
	{"vgg16", D, false, "VGG config D, 16 weight layers (Table 1; torchvision vgg16)"},
	{"vgg19", E, false, "VGG config E, 19 weight layers (Table 1; torchvision vgg19)"},
	{"vgg11_bn", A, true, "VGG-11 with BatchNorm after every conv (torchvision vgg11_bn)"},
	{"vgg13_bn", B, true, "VGG-13 with BatchNorm after every conv (torchvision vgg13_bn)"},
	{"vgg16_bn", D, true, "VGG-16 with BatchNorm after every conv (torchvision vgg16_bn)"},
	{"vgg19_bn", E, true, "VGG-19 with BatchNorm after every conv (torchvision vgg19_bn)"},
}

// Models returns every model of the chapter.
func Models() []nn.Entry {
	out := make([]nn.Entry, len(entries))
	for i, e := range entries {
		out[i] = nn.Entry{Name: e.name, Doc: e.doc, Build: func() *nn.Model {
			return New(e.name, e.cfg, Options{BatchNorm: e.bn})
		}}
	}
	return out
}

// Build returns the registered model called name.
func Build(name string) (*nn.Model, error) {
	for _, e := range Models() {
		if e.Name == name {
			return e.Build(), nil
		}
	}
	return nil, fmt.Errorf("vgg: no model %q", name)
}
