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
	}, {
		ID: "conv-backward", Chapter: "lenet", Func: "ConvBackward",
		Title: "A convolution's backward pass: dx and dw",
		Hints: []string{
			"Start from the forward sum: each term w[o][ch][u][v]·x[ch][i+u][j+v] went into y[o][i][j]. What does that one term contribute to dL/dw[o][ch][u][v] and to dL/dx[ch][i+u][j+v]?",
			"By the chain rule, the term sends dy[o][i][j]·x[ch][i+u][j+v] to dw[o][ch][u][v] and dy[o][i][j]·w[o][ch][u][v] to dx[ch][i+u][j+v]. Both add up over every term.",
			"Loop exactly as the forward pass does (o, i, j, ch, u, v) and accumulate with += into zeroed dx and dw; no kernel flipping is needed in this form.",
		},
	}, {
		ID: "lenet-train", Chapter: "lenet", Func: "Train",
		Title: "Train LeNet-5 on MNIST with your own loop",
		Hints: []string{
			"One step per minibatch: take images lo…hi of x (nn.FromData on the slice x.Data[lo·per : hi·per], shape (hi−lo)×1×32×32) and labels[lo:hi].",
			"The step: logits := net.Forward(&nn.Ctx{Train: true}, xb); _, dlogits, err := nn.SoftmaxCrossEntropy(logits, lb); net.Backward(dlogits); then the optimiser.",
			"opt := nn.NewSGD(net, 0.01, 0.9, 0) once, before the loops; after net.Backward, opt.Step() then opt.ZeroGrad() (otherwise every gradient adds to the next).",
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
	}, {
		ID: "lrn-forward", Chapter: "alexnet", Func: "LRN",
		Title: "Local response normalisation (AlexNet §3.3)",
		Hints: []string{
			"For every pixel (x, y) and channel ch, sum the squares of a over the channels lo = max(0, ch−2) … hi = min(c−1, ch+2) at the same pixel.",
			"The channel stride in the layout is h·w: a[j][x][y] is a[j·h·w + x·w + y]. Accumulate the sum in float64; the activations may be large.",
			"b = a / math.Pow(2 + 1e-4·sum, 0.75), with α multiplying the sum itself (PyTorch's LocalResponseNorm uses α/n instead).",
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
	}, {
		ID: "maxpool-backward", Chapter: "zfnet", Func: "MaxPool",
		Title: "Max pooling's switches and backward pass",
		Hints: []string{
			"A window (i, j) covers rows i·s … i·s+k−1 and columns j·s … j·s+k−1 of its channel; keep the flat index of the largest value, replacing it only when a value is strictly larger (so the first maximum wins a tie).",
			"The pooled output equals the input at the switch, so dL/dx is dy at the switch and 0 elsewhere in the window.",
			"dx[ch·h·w + switch] += dy[window]: with k > s two windows can pick the same pixel, and their gradients add.",
		},
	},
	{
		ID: "max-unpool", Chapter: "zfnet", Func: "MaxUnpool",
		Title: "Unpooling with switches, for the deconvnet",
		Hints: []string{
			"Start from a slice of c·h·w zeros; each value of y goes to exactly one place.",
			"The switch counts within its channel: value (ch, i, j) goes to out[ch·h·w + switches[(ch·oh + i)·ow + j]].",
			"Assign with =, not +=: two overlapping windows that took the same maximum write the same place.",
		},
	}, {
		ID: "occlusion-map", Chapter: "zfnet", Func: "Occlusion",
		Title: "An occlusion map of a digit through the trained LeNet-5",
		Hints: []string{
			"One network run per position of the square: copy the image (slices.Clone of img.Data, nn.FromData with img.Shape), zero the patch×patch square, run net with nn.Run(net, nil, x).",
			"The square at map position (i, j) covers rows i·stride … i·stride+patch−1 and columns j·stride … j·stride+patch−1 of the 32×32 plane.",
			"The probability is the softmax of the ten logits: exp(y[label] − max)/Σ exp(y[c] − max), in float64.",
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
	}, {
		ID: "im2col", Chapter: "vgg", Func: "Im2col",
		Title: "im2col: a convolution as one matrix multiply",
		Hints: []string{
			"The matrix has one row per (channel, tap) and one column per window: c·k·k rows, oh·ow columns; allocate it zeroed (the padding stays 0).",
			"Window (i, j) starts at pixel (i·s − p, j·s − p) of the unpadded map; its tap (u, v) reads the pixel (i·s − p + u, j·s − p + v) if that is inside the map.",
			"m[((ch·k + u)·k + v)·(oh·ow) + i·ow + j] = x[(ch·h + y)·w + x'] for y = i·s−p+u, x' = j·s−p+v inside the map.",
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
	}, {
		ID: "inception-cost", Chapter: "googlenet", Func: "Cost",
		Title: "Naive against reduced Inception: what the 1×1 reductions save",
		Hints: []string{
			"A k×k convolution from a to b channels on a side×side map with same padding costs k²·a·b·side² multiply-adds; the max pool costs none.",
			"Naive: the 1×1, 3×3 and 5×5 all read the in channels. Reduced: the 3×3 reads c3r channels and the 5×5 c5r, after their 1×1 reductions from in.",
			"reduced = cost(1, in, c1) + cost(1, in, c3r) + cost(3, c3r, c3) + cost(1, in, c5r) + cost(5, c5r, c5) + cost(1, in, pp); use int64.",
		},
	},
	{
		ID: "pointwise-conv", Chapter: "googlenet", Func: "Pointwise",
		Title: "A 1×1 convolution is a matrix product",
		Hints: []string{
			"Each output pixel q depends only on the same pixel q of every input channel: the 1×1 kernel mixes channels, not positions.",
			"y[o·hw + q] = Σ_ch w[o·in + ch] · x[ch·hw + q]: W is out×in, X is in×hw, both row-major.",
			"Three loops, o and ch outside, q inside, accumulating into a zeroed y: that reads x and writes y in memory order.",
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
	}, {
		ID: "bottleneck-block", Chapter: "resnet", Func: "BottleneckForward",
		Title: "The bottleneck block by hand",
		Hints: []string{
			"Three convolutions in a row on the branch: 1×1 from c to width, 3×3 from width to width (padding 1), 1×1 from width to c; write one conv helper for any odd k with padding k/2.",
			"The branch has a ReLU after the first and after the second convolution, none after the third: the ReLU comes after adding x.",
			"t = relu(conv(x, w1, c→width, 1)); t = relu(conv(t, w2, width→width, 3)); y = relu(conv(t, w3, width→c, 1) + x).",
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
	}, {
		ID: "separable-conv", Chapter: "variants", Func: "SeparableConv",
		Title: "A depthwise separable convolution by hand",
		Hints: []string{
			"Two stages: first a k×k filter per channel (channel ch of the intermediate map reads only channel ch of x), then a 1×1 convolution mixing the m channels into n.",
			"The depthwise filter of channel ch is dw[ch·k² … (ch+1)·k²); its taps that fall outside the map add nothing (padding k/2).",
			"d[ch][i][j] = Σ_{u,v} dw[ch][u][v]·x[ch][i+u−k/2][j+v−k/2]; y[o][q] = Σ_ch pw[o·m + ch]·d[ch][q].",
		},
	},
	{
		ID: "dense-block", Chapter: "variants", Func: "DenseBlock",
		Title: "A dense block's forward pass",
		Hints: []string{
			"Keep one slice holding every map made so far, channel first: concatenating along the channels is appending to it.",
			"Layer l reads all c0 + l·growth channels so far: apply the ReLU to them (a copy), then the 3×3 convolution to growth channels with ws[l].",
			"all := x copied; for each layer: all = append(all, conv3x3(relu(all), ws[l], c, growth)...), c += growth.",
		},
	},
	{
		ID: "fractal-join", Chapter: "variants", Func: "Join",
		Title: "FractalNet's join with drop-path",
		Hints: []string{
			"Only the kept inputs take part: the dropped ones are not there at all.",
			"Sum the kept inputs element by element and count them.",
			"y[j] = (Σ_{i kept} inputs[i][j]) / (number kept), in a new slice.",
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
