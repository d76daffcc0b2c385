package live

import (
	"bytes"
	"fmt"
	"math"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// The input LeNet-5 was trained on (train.Recipes["lenet5"].Format:
// mnist.Format{Pad: 2, Scaling: mnist.Standard}): a 28×28 MNIST digit
// standardised by the training set's pixel mean and deviation and padded
// by 2 background pixels to 32×32. The constants are data/mnist's
// (PyTorch's examples/mnist Normalize((0.1307,), (0.3081,))), repeated
// here to keep the MNIST files' reader out of the WebAssembly module;
// TestInputIsTraining checks that Input gives the training batches'
// values bit for bit.
const (
	Field = 28 // MNIST's side
	Pad   = 2
	Side  = Field + 2*Pad // 32
	Mean  = 0.1307
	Std   = 0.3081
)

// Net is the trained LeNet-5 (lenet.LeNet5) with its weights, run one
// digit at a time.
type Net struct {
	Model  *nn.Model
	layers []nn.Module // the top-level children, run one by one to keep every output
}

// Load builds LeNet-5 and reads its weights from a safetensors file's
// bytes (results/lenet5-seed1.safetensors).
func Load(st []byte) (*Net, error) {
	m := lenet.LeNet5()
	f, err := safetensors.NewReader(bytes.NewReader(st), int64(len(st)))
	if err != nil {
		return nil, fmt.Errorf("live: %w", err)
	}
	if err := weights.Read(m.Net, f, nil); err != nil {
		return nil, fmt.Errorf("live: %w", err)
	}
	seq, ok := m.Net.(*nn.Sequential)
	if !ok {
		return nil, fmt.Errorf("live: %s is a %T, want an nn.Sequential", m.Name, m.Net)
	}
	return &Net{Model: m, layers: seq.Layers}, nil
}

// Input converts 28×28 MNIST pixels (0 background, 255 ink, row by row)
// into the network's 1×1×32×32 input, v = (u/255 − Mean)/Std in float32
// as mnist.Format's Standard scaling computes it, the border v(0).
func Input(img []uint8) *nn.Tensor {
	if len(img) != Field*Field {
		panic(fmt.Sprintf("live: an image is %d pixels, got %d", Field*Field, len(img)))
	}
	var level [256]float32
	for u := range level {
		level[u] = (float32(u)/255 - Mean) / Std
	}
	x := nn.NewTensor(1, 1, Side, Side)
	for i := range x.Data {
		x.Data[i] = level[0]
	}
	for r := 0; r < Field; r++ {
		for c := 0; c < Field; c++ {
			x.Data[(r+Pad)*Side+c+Pad] = level[img[r*Field+c]]
		}
	}
	return x
}

// Map is one layer's output for one digit: C maps of H×W values (C
// values for a vector, H = W = 1).
type Map struct {
	Name    string // "C1", "S2", …, "OUTPUT"
	C, H, W int
	Data    []float32 // (C, H, W), row-major
}

// Trace is everything the page shows of one forward pass.
type Trace struct {
	Input  []float32 // 32×32
	Layers []Map     // every top-level layer's output, flatten aside
	Probs  []float32 // softmax of the output, 10
}

// Run runs the network on one input (1×1×32×32) and keeps every layer's
// output.
func (n *Net) Run(x *nn.Tensor) (*Trace, error) {
	if !nn.Shape(x.Shape).Equal(nn.Shape{1, 1, Side, Side}) {
		return nil, fmt.Errorf("live: input shape %v, want [1 1 %d %d]", x.Shape, Side, Side)
	}
	return traceOf(n.layers, x, func(m nn.Module, x *nn.Tensor) *nn.Tensor { return m.Forward(nn.Eval, x) }, nil), nil
}

// traceOf runs layers one by one with forward and keeps the outputs of
// those shown (every layer but flattening if shown is nil), and the
// softmax of the last.
func traceOf(layers []nn.Module, x *nn.Tensor, forward func(nn.Module, *nn.Tensor) *nn.Tensor, shown func(string) bool) *Trace {
	t := &Trace{Input: append([]float32(nil), x.Data...)}
	for _, l := range layers {
		x = forward(l, x)
		if _, ok := l.(*nn.Flatten); ok || (shown != nil && !shown(l.Name())) {
			continue
		}
		t.Layers = append(t.Layers, mapOf(l.Name(), x))
	}
	t.Probs = Softmax(x.Data)
	return t
}

// mapOf copies a batch-of-one output.
func mapOf(name string, x *nn.Tensor) Map {
	m := Map{Name: name, C: x.Shape[1], H: 1, W: 1, Data: append([]float32(nil), x.Data...)}
	if len(x.Shape) == 4 {
		m.H, m.W = x.Shape[2], x.Shape[3]
	}
	return m
}

// Softmax is p_i = exp(z_i − max z) / Σ_j exp(z_j − max z), in float64.
func Softmax(z []float32) []float32 {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, float64(v))
	}
	var s float64
	e := make([]float64, len(z))
	for i, v := range z {
		e[i] = math.Exp(float64(v) - m)
		s += e[i]
	}
	p := make([]float32, len(z))
	for i := range e {
		p[i] = float32(e[i] / s)
	}
	return p
}

// Argmax is the index of the largest value (the first of equals).
func Argmax(p []float32) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

// Kernel returns the weights that make map i of a convolutional layer
// ("C1", "C3"): In tiles of K×K, row-major, and the bias. A layer without
// weights of its own (the max-pools S2, S4) returns nil.
func (n *Net) Kernel(layer string, i int) (w []float32, in, k int, bias float32, err error) {
	return kernelOf(n.Model.Net, layer, i)
}

// kernelOf is the kernel of map i of the convolution named layer (or
// layer.0) in net.
func kernelOf(net nn.Module, layer string, i int) (w []float32, in, k int, bias float32, err error) {
	var conv *nn.Conv2D
	nn.Walk(net, func(path string, m nn.Module) {
		if c, ok := m.(*nn.Conv2D); ok && (path == layer || path == layer+".0") {
			conv = c
		}
	})
	if conv == nil {
		return nil, 0, 0, 0, nil
	}
	if i < 0 || i >= conv.Out {
		return nil, 0, 0, 0, fmt.Errorf("live: %s has %d maps, asked for map %d", layer, conv.Out, i)
	}
	per := conv.In / conv.G * conv.KH * conv.KW
	var b float32
	if conv.Bias != nil {
		b = conv.Bias.Data[i]
	}
	return conv.Weight.Data[i*per : (i+1)*per], conv.In / conv.G, conv.KH, b, nil
}

// OcclusionSquare and OcclusionStride are the occluder the page slides:
// an 8×8 square (LeNet-5's C3 units see 14×14 input pixels, C1's 5×5:
// 8 covers a stroke's width several times) moved 2 pixels at a time,
// from the input's corner (0, 0) to (24, 24): 13×13 positions that cover
// every pixel of the 32×32 input.
const (
	OcclusionSquare = 8
	OcclusionStride = 2
)

// OcclusionGrey is the value of the occluding square: 0, the training
// set's mean pixel after standardisation (Zeiler & Fergus 2014 §4.2
// occlude "with a grey square", the mean of the data once the mean is
// subtracted).
const OcclusionGrey = 0

// OcclusionRow returns, for the occluder's row r (its top at r·Stride),
// the probability of class when the square's left edge is at each
// column c·Stride: the network run on the 13 occluded inputs as one
// batch.
func (n *Net) OcclusionRow(x *nn.Tensor, class, r int) ([]float32, error) {
	pos := (Side-OcclusionSquare)/OcclusionStride + 1
	if r < 0 || r >= pos || class < 0 || class > 9 {
		return nil, fmt.Errorf("live: occlusion row %d of %d, class %d", r, pos, class)
	}
	b := nn.NewTensor(pos, 1, Side, Side)
	for c := 0; c < pos; c++ {
		img := b.Data[c*Side*Side : (c+1)*Side*Side]
		copy(img, x.Data)
		for i := r * OcclusionStride; i < r*OcclusionStride+OcclusionSquare; i++ {
			for j := c * OcclusionStride; j < c*OcclusionStride+OcclusionSquare; j++ {
				img[i*Side+j] = OcclusionGrey
			}
		}
	}
	y := n.Model.Net.Forward(nn.Eval, b)
	out := make([]float32, pos)
	for c := range out {
		out[c] = Softmax(y.Data[c*10 : (c+1)*10])[class]
	}
	return out, nil
}
