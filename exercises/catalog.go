package exercises

import (
	"fmt"
	"strings"
)

// Exercise describes one exercise: its directory exercises/ID, the
// chapter it belongs to, the function the reader writes and the hints,
// which lead from a nudge to the method (the last one is nearly the
// answer; exercises/solutions/ID/solution.go is the answer).
type Exercise struct {
	ID      string // directory under exercises/: "conv-output-size"
	Chapter string // chapter slug, as chapters/<slug>: "alexnet"
	Title   string
	Func    string // the function in exercise.go
	Hints   []string
}

// Dir is the exercise's directory relative to the module root.
func (e Exercise) Dir() string { return "exercises/" + e.ID }

// SolutionFile is the reference solution, relative to the module root.
// It is a package of its own under exercises/solutions, out of the
// exercise's folder; only -tags solutions and -tags mistakes link it.
func (e Exercise) SolutionFile() string { return "exercises/solutions/" + e.ID + "/solution.go" }

// ImportPath is the exercise's package.
func (e Exercise) ImportPath() string { return ModulePath + "/" + e.Dir() }

// ModulePath is the module the exercises live in.
const ModulePath = "github.com/cnnbook/cnnbook"

// All lists the exercises in the book's chapter order.
var All = []Exercise{
	{
		ID: "lenet-c3", Chapter: "lenet", Func: "C3",
		Title: "Parameters and connections of LeNet-5's partially connected C3",
		Hints: []string{
			"Each pair (output map o, input map m listed in table[o]) has its own k×k kernel; each output map has one bias.",
			"Table I has 60 such pairs: 60·25 weights + 16 biases. A connection is one parameter used at one output position.",
			"params = Σ_o (len(table[o])·k² + 1); connections = params · side².",
		},
	},
	{
		ID: "conv-output-size", Chapter: "alexnet", Func: "OutputSize",
		Title: "The output size of a convolution",
		Hints: []string{
			"Count the positions of the window's first row: with padding the input is in + 2p wide, and the window must fit inside.",
			"The first window starts at 0; each next one s further. How many steps of s fit into (in + 2p − k)?",
			"out = (in + 2p − k)/s + 1, with Go's integer division, which rounds down for non-negative numbers.",
		},
	},
	{
		ID: "alexnet-input-size", Chapter: "alexnet", Func: "InputSides",
		Title: "Which input sizes AlexNet accepts (the paper says 224)",
		Hints: []string{
			"Only conv1 and the three pools change the side: a 5×5 with padding 2 or a 3×3 with padding 1 keeps it.",
			"Apply out = (in − k)/s + 1 four times: k=11 s=4, then k=3 s=2 three times. A side fits when that ends at 6; a side smaller than a kernel does not run at all.",
			"A layer tiles exactly when (in − k) is a multiple of s; a side is exact when all four layers do.",
		},
	},
	{
		ID: "receptive-field", Chapter: "zfnet", Func: "ReceptiveField",
		Title: "The receptive field of a stack of layers",
		Hints: []string{
			"Walk from the image upward, keeping two numbers: the field size r and the jump j (pixels between neighbouring units), both 1 at the image.",
			"A window of k units of its input spans k−1 gaps of j pixels each; the stride multiplies the gap between the layer's own units.",
			"r += (k−1)·j, then j *= s. Padding moves the field, it does not widen it.",
		},
	},
	{
		ID: "vgg-stacked-rf", Chapter: "vgg", Func: "Stack",
		Title: "Stacked 3×3 convolutions against one large kernel",
		Hints: []string{
			"A 3×3 stride-1 layer widens the receptive field by 2 pixels (exercise receptive-field).",
			"A k×k convolution from c to c channels has one k×k×c filter per output channel.",
			"rf = 2n + 1, stacked = 9·n·c², single = rf²·c².",
		},
	},
	{
		ID: "vgg-params", Chapter: "vgg", Func: "Params",
		Title: "Counting VGG's parameters layer by layer",
		Hints: []string{
			"Track the input channels: 3 for the image, then each convolution's width.",
			"A k×k convolution from in to out has k²·in·out weights and out biases; five 2×2 pools take 224 to 7.",
			"fc6 reads 512·7·7 = 25,088 values; add (in·out + out) for fc6, fc7 and fc8.",
		},
	},
	{
		ID: "googlenet-inception", Chapter: "googlenet", Func: "Inception3a",
		Title: "Build the Inception module (3a) with its 1×1 bottlenecks",
		Hints: []string{
			"Four branches, each an nn.Seq, joined by nn.NewParallel(name, nn.JoinConcat, b1, b2, b3, b4).",
			"The 3×3 and 5×5 branches start with a 1×1 convolution to 96 and 16 maps; the pool branch ends with a 1×1 to 32 maps.",
			"Keep 28×28 with nn.Pad(k/2) on every convolution and nn.NewMaxPool2D(\"pool\", 3, nn.Stride(1), nn.Pad(1)); put nn.NewReLU after every convolution.",
		},
	},
	{
		ID: "resnet-paths", Chapter: "resnet", Func: "PathLengths",
		Title: "The path-length distribution of a residual network",
		Hints: []string{
			"At each block a path takes either the shortcut (0 layers) or the branch (w layers).",
			"A path that takes the branch in k of the n blocks has k·w layers; how many ways are there to choose the k blocks?",
			"entry k·w is C(n, k), all others 0; build C(n, ·) with Pascal's rule C(n, k) = C(n−1, k−1) + C(n−1, k) to stay in integers.",
		},
	},
	{
		ID: "residual-block-forward", Chapter: "resnet", Func: "BasicBlockForward",
		Title: "A residual block's forward pass by hand",
		Hints: []string{
			"Write a helper conv3x3(x, W) with loops over o, i, j outside and ch, u, v inside.",
			"The input pixel of output (i, j) for tap (u, v) is (i+u−1, j+v−1); skip it when it falls outside the map.",
			"t = relu(conv3x3(x, w1)); u = conv3x3(t, w2); y = relu(u + x), in new slices.",
		},
	},
	{
		ID: "mobilenet-separable", Chapter: "variants", Func: "Cost",
		Title: "What a depthwise separable convolution saves",
		Hints: []string{
			"Count the multiply-adds of one output value, then multiply by the number of output values.",
			"A standard output value reads k·k·m inputs; a depthwise one reads k·k of its own channel; a pointwise one m.",
			"standard = k²·m·n·f², separable = k²·m·f² + m·n·f² (Howard et al. 2017 Eq. 2 and 4).",
		},
	},
	{
		ID: "densenet-channels", Chapter: "variants", Func: "Channels",
		Title: "How channels grow through DenseNet",
		Hints: []string{
			"A dense layer's output is concatenated to its input: each layer adds growth channels.",
			"Keep a running m: record it entering a block, add blocks[b]·growth, then compress.",
			"Compress with int(theta·float64(m)) only between blocks, not after the last one.",
		},
	},
}

// Lookup returns the exercise called id.
func Lookup(id string) (Exercise, error) {
	for _, e := range All {
		if e.ID == id {
			return e, nil
		}
	}
	ids := make([]string, len(All))
	for i, e := range All {
		ids[i] = e.ID
	}
	return Exercise{}, fmt.Errorf("no exercise %q (there are %s)", id, strings.Join(ids, ", "))
}
