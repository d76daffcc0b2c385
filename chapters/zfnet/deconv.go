package zfnet

import (
	"fmt"
	"math"

	"github.com/cnnbook/cnnbook/nn"
)

// Project maps one activation back to pixel space with a deconvnet
// (Zeiler & Fergus 2014 §2.1). It runs the image x (1, C, H, W) forward
// through net's layers up to and including the layer named layer,
// "set[s] all other activations in the layer to zero" except the one at
// (channel ch, row i, column j), and passes that map back down: for each
// layer, in reverse,
//
//	max-pool  unpool: put each value where the pool's switches say its
//	          maximum came from (nn.MaxUnpool2D), zeros elsewhere
//	ReLU      rectify the reconstruction (nn.ReLU)
//	conv      filter with the same weights transposed (nn.ConvTranspose2D
//	          sharing the conv's Weight; no bias)
//	LRN, dropout   passed through: the deconvnet has no inverse for them
//
// The result has x's shape. net must be a Sequential of those layers
// (ZFNet's first 15: conv1 … pool5); its weights must be allocated.
func Project(net *nn.Sequential, x *nn.Tensor, layer string, ch, i, j int) (*nn.Tensor, error) {
	if len(x.Shape) != 4 || x.Shape[0] != 1 {
		return nil, fmt.Errorf("zfnet: Project takes one image (1, C, H, W), got %v", x.Shape)
	}
	stop := -1
	for k, l := range net.Layers {
		if l.Name() == layer {
			stop = k
			break
		}
	}
	if stop < 0 {
		return nil, fmt.Errorf("zfnet: no layer %q in %s", layer, net.Name())
	}
	if _, err := nn.Analyze(nn.Seq(net.Name(), net.Layers[:stop+1]...), x.Sample()); err != nil {
		return nil, err
	}

	// Forward, keeping every layer's input shape (the deconvnet must give
	// each layer's input size back: floors and ceilings lose it).
	ins := make([][]int, stop+1)
	y := x
	for k, l := range net.Layers[:stop+1] {
		switch l.(type) {
		case *nn.Conv2D, *nn.MaxPool2D, *nn.Activation, *nn.LRN, *nn.Dropout:
		default:
			return nil, fmt.Errorf("zfnet: the deconvnet cannot invert %s (%T)", l.Name(), l)
		}
		ins[k] = y.Shape
		y = l.Forward(nn.Eval, y)
	}
	if ch < 0 || ch >= y.Shape[1] || i < 0 || i >= y.Shape[2] || j < 0 || j >= y.Shape[3] {
		return nil, fmt.Errorf("zfnet: activation (%d, %d, %d) outside %s's output %v", ch, i, j, layer, y.Shape[1:])
	}

	// Keep the one activation.
	at := (ch*y.Shape[2]+i)*y.Shape[3] + j
	r := nn.ZerosLike(y)
	r.Data[at] = y.Data[at]

	// And back down.
	for k := stop; k >= 0; k-- {
		in := ins[k]
		switch l := net.Layers[k].(type) {
		case *nn.MaxPool2D:
			r = nn.NewMaxUnpool2D(l.Name()+"⁻¹", l, in[2], in[3]).Forward(nn.Eval, r)
		case *nn.Activation:
			if l.Kind != nn.ActReLU {
				return nil, fmt.Errorf("zfnet: the deconvnet rectifies with ReLU; %s is another activation", l.Name())
			}
			r = nn.NewReLU(l.Name()).Forward(nn.Eval, r)
		case *nn.Conv2D:
			t, err := transpose(l, r.Shape[2], r.Shape[3], in[2], in[3])
			if err != nil {
				return nil, err
			}
			r = t.Forward(nn.Eval, r)
		}
	}
	return r, nil
}

// transpose returns the deconvnet filter of conv c: a transposed
// convolution from c.Out maps back to c.In maps that shares c's weights
// (a conv weight (Out, In/G, KH, KW) is exactly a transposed conv's
// (In', Out'/G, KH, KW) with In' = Out, Out' = In), with the output
// padding that restores the input size outH×outW of an h×w map.
func transpose(c *nn.Conv2D, h, w, outH, outW int) (*nn.ConvTranspose2D, error) {
	base := func(n, s, p, d, k int) int { return (n-1)*s - 2*p + d*(k-1) + 1 }
	ph := outH - base(h, c.SH, c.PH, c.DH, c.KH)
	pw := outW - base(w, c.SW, c.PW, c.DW, c.KW)
	if ph != pw || ph < 0 || ph >= max(c.SH, c.DH) {
		return nil, fmt.Errorf("zfnet: %s: no output padding maps %d×%d back to %d×%d", c.Name(), h, w, outH, outW)
	}
	t := nn.NewConvTranspose2D(c.Name()+"ᵀ", c.Out, c.In, 0,
		nn.Kernel(c.KH, c.KW), nn.Stride2(c.SH, c.SW), nn.Pad2(c.PH, c.PW), nn.Groups(c.G),
		nn.OutputPadding(ph), nn.NoBias())
	t.DH, t.DW = c.DH, c.DW
	t.Weight = c.Weight
	return t, nil
}

// transposeCase is the convolution and image of the claim
// zfnet/deconv-is-transpose: a random 3→8 3×3 convolution (padding 1, no
// bias) and a random 3×8×8 image.
func transposeCase() (*nn.Conv2D, *nn.Tensor) {
	rng := nn.NewRNG(1)
	c := nn.NewConv2D("conv", 3, 8, 3, nn.Pad(1), nn.NoBias())
	nn.InitParams(c, rng)
	x := nn.NewTensor(1, 3, 8, 8)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return c, x
}

// transposeResidual is residualOf(transposeCase()).
func transposeResidual() float64 { return residualOf(transposeCase()) }

// residualOf runs conv c (stride 1, size-preserving padding, no bias) and
// its deconvnet transpose on x (1, In, H, W) and returns
// min_a ‖a·Wᵀ(Wx) − x‖/‖x‖ = √(1 − cos²(x, WᵀWx)): 0 if the transpose
// inverted the convolution up to scale (WᵀW = a·I on x).
func residualOf(c *nn.Conv2D, x *nn.Tensor) float64 {
	h, w := x.Shape[2], x.Shape[3]
	t, err := transpose(c, h, w, h, w)
	if err != nil {
		panic(err)
	}
	y := t.Forward(nn.Eval, c.Forward(nn.Eval, x))
	var xy, yy, xx float64
	for i, v := range x.Data {
		a, b := float64(v), float64(y.Data[i])
		xy, yy, xx = xy+a*b, yy+b*b, xx+a*a
	}
	return math.Sqrt(math.Max(0, 1-xy*xy/(xx*yy)))
}
