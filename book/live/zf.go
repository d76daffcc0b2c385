package live

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// ZF is the ZFNet-style net of the visualise experiment (zfnet.MNIST,
// results/visualise/zfnet-mnist-seed1.safetensors) with its weights:
// the page shows its feature maps and, for a clicked map, the kernels
// and the deconvnet projection of the map's strongest activation
// (zfnet.Project, Zeiler & Fergus 2014 Fig. 2).
type ZF struct {
	Model *nn.Model
	net   *nn.Sequential
}

// ZFLayers are the layers whose maps the page shows: the four
// convolutions after their ReLU, the layers the visualise experiment
// projects from (experiments.visLayers).
var ZFLayers = []string{"relu1", "relu2", "relu3", "relu4"}

// LoadZF builds zfnet.MNIST and reads its weights from a safetensors
// file's bytes.
func LoadZF(st []byte) (*ZF, error) {
	m := zfnet.MNIST()
	f, err := safetensors.NewReader(bytes.NewReader(st), int64(len(st)))
	if err != nil {
		return nil, fmt.Errorf("live: zfnet: %w", err)
	}
	if err := weights.Read(m.Net, f, nil); err != nil {
		return nil, fmt.Errorf("live: zfnet: %w", err)
	}
	seq, ok := m.Net.(*nn.Sequential)
	if !ok {
		return nil, fmt.Errorf("live: %s is a %T, want an nn.Sequential", m.Name, m.Net)
	}
	return &ZF{Model: m, net: seq}, nil
}

// ZFInput converts 28×28 MNIST pixels into the ZFNet-style net's input,
// 1×1×28×28 with the standard scaling and no padding
// (experiments.VisualiseRecipe's mnist.Format{Pad: 0, Scaling:
// mnist.Standard}; TestZFInputIsTraining checks the bits).
func ZFInput(img []uint8) *nn.Tensor {
	x := Input(img) // 32×32, padded by Pad
	y := nn.NewTensor(1, 1, Field, Field)
	for r := 0; r < Field; r++ {
		copy(y.Data[r*Field:(r+1)*Field], x.Data[(r+Pad)*Side+Pad:(r+Pad)*Side+Pad+Field])
	}
	return y
}

// Run runs the net on one input (1×1×28×28) and keeps the outputs of
// ZFLayers and the probabilities.
func (z *ZF) Run(x *nn.Tensor) (*Trace, error) {
	if !nn.Shape(x.Shape).Equal(nn.Shape{1, 1, Field, Field}) {
		return nil, fmt.Errorf("live: zfnet input shape %v, want [1 1 %d %d]", x.Shape, Field, Field)
	}
	return traceOf(z.net.Layers, x, func(m nn.Module, x *nn.Tensor) *nn.Tensor { return m.Forward(nn.Eval, x) }, zfShown), nil
}

// Reference is Run with Net.Reference's sums (for the static pictures).
func (z *ZF) Reference(x *nn.Tensor) *Trace {
	return traceOf(z.net.Layers, x, reference, zfShown)
}

func zfShown(name string) bool {
	for _, l := range ZFLayers {
		if l == name {
			return true
		}
	}
	return false
}

// Kernel returns the weights of map i of the convolution whose output
// the layer ("relu2" or "conv2") shows: In tiles of K×K and the bias.
func (z *ZF) Kernel(layer string, i int) (w []float32, in, k int, bias float32, err error) {
	return kernelOf(z.Model.Net, strings.Replace(layer, "relu", "conv", 1), i)
}

// Projection is the deconvnet projection of a map's strongest
// activation.
type Projection struct {
	Layer  string
	Map    int
	I, J   int       // the activation's place in the map
	Act    float32   // its value
	H, W   int       // the map's size
	Pixels []float32 // 28×28, the projection in input space
}

// Project finds the strongest activation of map ch of layer (one of
// ZFLayers) for the input x (the first of equals, as the visualise
// experiment picks it) and projects it back to pixel space with
// zfnet.Project: switches of this input's max-pools, rectification,
// transposed filters.
func (z *ZF) Project(x *nn.Tensor, layer string, ch int) (*Projection, error) {
	if !zfShown(layer) {
		return nil, fmt.Errorf("live: zfnet projects from %v, not %q", ZFLayers, layer)
	}
	y := x
	for _, l := range z.net.Layers {
		y = l.Forward(nn.Eval, y)
		if l.Name() == layer {
			break
		}
	}
	c, h, w := y.Shape[1], y.Shape[2], y.Shape[3]
	if ch < 0 || ch >= c {
		return nil, fmt.Errorf("live: %s has %d maps, asked for map %d", layer, c, ch)
	}
	plane := y.Data[ch*h*w : (ch+1)*h*w]
	arg := 0
	for p, a := range plane {
		if a > plane[arg] {
			arg = p
		}
	}
	p, err := zfnet.Project(z.net, x, layer, ch, arg/w, arg%w)
	if err != nil {
		return nil, err
	}
	return &Projection{Layer: layer, Map: ch, I: arg / w, J: arg % w, Act: plane[arg], H: h, W: w, Pixels: p.Data}, nil
}
