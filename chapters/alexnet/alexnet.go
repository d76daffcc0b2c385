package alexnet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Models returns the chapter's models.
func Models() []nn.Entry {
	return []nn.Entry{
		{Name: "alexnet", Doc: "AlexNet as Krizhevsky et al. 2012 built it: two towers run concurrently, LRN, 3×227×227", Build: AlexNet},
		{Name: "alexnet-merged", Doc: "AlexNet's two towers merged into one (96-256-384-384-256, no groups), 3×227×227", Build: Merged},
		{Name: "alexnet-tv", Doc: "torchvision 0.14's AlexNet (64-192-384-256-256, no LRN, adaptive pool), 3×224×224", Build: Torchvision},
	}
}

// widths are AlexNet's sizes: the paper's, or a fraction of them so that
// a test runs the very same code in milliseconds.
type widths struct {
	side    int    // input side: 227
	conv    [5]int // filters of conv1…conv5, both towers together
	pooled  int    // side of pool5's maps, which fc6 reads: 6
	fc      int    // units of fc6 and fc7
	classes int    // units of fc8
	noLRN   bool   // leave out LRN (TestMergedEqualsTowers explains why)
}

// paper is Krizhevsky et al. 2012 §3.5 and Fig. 2: "The first
// convolutional layer filters the 224×224×3 input image with 96 kernels of
// size 11×11×3 with a stride of 4 pixels" (the arithmetic needs 227, see
// TestInputSide); conv2 256 kernels of 5×5×48, conv3 384 of 3×3×256,
// conv4 384 of 3×3×192, conv5 256 of 3×3×192; "The fully-connected layers
// have 4096 neurons each"; 1000 classes.
var paper = widths{side: 227, conv: [5]int{96, 256, 384, 384, 256}, pooled: 6, fc: 4096, classes: 1000}

// AlexNet is the network of Krizhevsky et al. 2012 with its two towers,
// one per GPU in the paper and one per core here (the Parallel stages run
// their branches concurrently). "The GPUs communicate only in certain
// layers" (§3.2): conv2, conv4 and conv5 read only their own tower's maps
// (in the merged form, grouped convolutions); conv3, fc6, fc7 and fc8 read
// both (Exchanges).
//
//	stage      per tower (gpu1, gpu2)                                  joined
//	conv1–2    conv1 48@11×11/4 → ReLU → LRN → pool 3×3/2              2×128×27 → pool → 256×13×13
//	           conv2 128@5×5 pad 2 → ReLU → LRN → pool 3×3/2
//	conv3–5    conv3 192@3×3 on all 256 maps → ReLU → conv4 192 → ReLU  2×128 → 256×6×6
//	           conv5 128 → ReLU → pool 3×3/2
//	fc6–fc8    fc6 4096 → ReLU → dropout → fc7 4096 → ReLU → dropout → fc8 1000
//
// Order within a layer (§3.5): "Response-normalization layers follow the
// first and second convolutional layers. Max-pooling layers ... follow
// both response-normalization layers as well as the fifth convolutional
// layer. The ReLU non-linearity is applied to the output of every
// convolutional and fully-connected layer."
//
// fc6 is one 9,216→4,096 layer: each GPU computed 2,048 of its units from
// all 9,216 inputs, and two halves that read the same input are exactly one
// layer with the halves' weights stacked. The split of the fully connected
// layers is a schedule, not a different function; the conv towers are.
//
// Initialisation follows §5: weights N(0, 0.01²); biases 1 in conv2, conv4,
// conv5, fc6 and fc7, 0 elsewhere.
func AlexNet() *nn.Model { return towers("alexnet", paper) }

func towers(name string, w widths) *nn.Model {
	c := w.conv
	tower1 := func(g string) nn.Module {
		return nn.Seq(g, norm(w,
			conv("conv1", 3, c[0]/2, 11, 0, nn.Stride(4)), nn.NewReLU("relu1"), nn.NewLRN("norm1"),
			nn.NewMaxPool2D("pool1", 3, nn.Stride(2)),
			conv("conv2", c[0]/2, c[1]/2, 5, 1, nn.Pad(2)), nn.NewReLU("relu2"), nn.NewLRN("norm2"),
			nn.NewMaxPool2D("pool2", 3, nn.Stride(2)))...)
	}
	tower2 := func(g string) nn.Module {
		return nn.Seq(g,
			conv("conv3", c[1], c[2]/2, 3, 0, nn.Pad(1)), nn.NewReLU("relu3"), // both towers' conv2 maps
			conv("conv4", c[2]/2, c[3]/2, 3, 1, nn.Pad(1)), nn.NewReLU("relu4"),
			conv("conv5", c[3]/2, c[4]/2, 3, 1, nn.Pad(1)), nn.NewReLU("relu5"),
			nn.NewMaxPool2D("pool5", 3, nn.Stride(2)))
	}
	stage1 := nn.NewParallel("", nn.JoinConcat, tower1("gpu1"), tower1("gpu2"))
	stage2 := nn.NewParallel("", nn.JoinConcat, tower2("gpu1"), tower2("gpu2"))
	stage1.Concurrent, stage2.Concurrent = true, true
	net := nn.Seq(name, stage1, stage2)
	net.Append(classifier(w)...)
	return &nn.Model{Name: name, Input: nn.Shape{3, w.side, w.side}, Net: net}
}

// Merged is AlexNet with its towers merged into one: every convolution
// reads every map of the layer below (96-256-384-384-256 filters, groups 1).
// It is the single-column network the notes draw, and it holds more
// weights than the paper's: conv2, conv4 and conv5 see twice the maps.
// MergeTowers copies AlexNet's weights into it (off-diagonal blocks zero).
func Merged() *nn.Model { return merged("alexnet-merged", paper) }

func merged(name string, w widths) *nn.Model {
	c := w.conv
	net := nn.Seq(name, norm(w,
		conv("conv1", 3, c[0], 11, 0, nn.Stride(4)), nn.NewReLU("relu1"), nn.NewLRN("norm1"),
		nn.NewMaxPool2D("pool1", 3, nn.Stride(2)),
		conv("conv2", c[0], c[1], 5, 1, nn.Pad(2)), nn.NewReLU("relu2"), nn.NewLRN("norm2"),
		nn.NewMaxPool2D("pool2", 3, nn.Stride(2)),
		conv("conv3", c[1], c[2], 3, 0, nn.Pad(1)), nn.NewReLU("relu3"),
		conv("conv4", c[2], c[3], 3, 1, nn.Pad(1)), nn.NewReLU("relu4"),
		conv("conv5", c[3], c[4], 3, 1, nn.Pad(1)), nn.NewReLU("relu5"),
		nn.NewMaxPool2D("pool5", 3, nn.Stride(2)))...)
	net.Append(classifier(w)...)
	return &nn.Model{Name: name, Input: nn.Shape{3, w.side, w.side}, Net: net}
}

// classifier is fc6–fc8; "We use dropout in the first two fully-connected
// layers" (§4.2), with probability 0.5, on their rectified outputs.
func classifier(w widths) []nn.Module {
	return []nn.Module{
		nn.NewFlatten("flatten"),
		linear("fc6", w.conv[4]*w.pooled*w.pooled, w.fc, 1), nn.NewReLU("relu6"), nn.NewDropout("drop6", 0.5),
		linear("fc7", w.fc, w.fc, 1), nn.NewReLU("relu7"), nn.NewDropout("drop7", 0.5),
		linear("fc8", w.fc, w.classes, 0),
	}
}

// norm drops the LRN layers when w.noLRN is set.
func norm(w widths, layers ...nn.Module) []nn.Module {
	if !w.noLRN {
		return layers
	}
	var keep []nn.Module
	for _, l := range layers {
		if _, ok := l.(*nn.LRN); !ok {
			keep = append(keep, l)
		}
	}
	return keep
}

// conv declares a convolution initialised as §5 says: "We initialized the
// weights in each layer from a zero-mean Gaussian distribution with
// standard deviation 0.01. We initialized the neuron biases in the second,
// fourth, and fifth convolutional layers, as well as in the
// fully-connected hidden layers, with the constant 1."
func conv(name string, in, out, k int, bias float64, opts ...nn.Opt) *nn.Conv2D {
	l := nn.NewConv2D(name, in, out, k, opts...)
	paperInit(l.Weight, l.Bias, bias)
	return l
}

func linear(name string, in, out int, bias float64) *nn.Linear {
	l := nn.NewLinear(name, in, out)
	paperInit(l.Weight, l.Bias, bias)
	return l
}

func paperInit(w, b *nn.Param, bias float64) {
	w.Init, w.Scale = nn.InitNormal, 0.01
	b.Init, b.Scale = nn.InitConstant, bias
}

// Sides lists the square input sides from lo to hi at which AlexNet runs
// (pool5 gives fc6 its 256·6·6 = 9,216 inputs), and among them the sides
// at which every window tiles its input exactly (the analysis adds no
// note: no pixel row or column is dropped by PyTorch's floor).
func Sides(lo, hi int) (fit, exact []int) {
	net := AlexNet().Net
	for s := lo; s <= hi; s++ {
		rep, err := nn.Analyze(net, nn.Shape{3, s, s})
		if err != nil {
			continue
		}
		fit = append(fit, s)
		if len(rep.Notes) == 0 {
			exact = append(exact, s)
		}
	}
	return fit, exact
}

// Exchanges lists, in order, the weighted layers of a two-tower network
// whose units read both towers' maps: where the GPUs communicate. It is
// read off the module tree: a Parallel stage joins (concatenates) its
// towers, so after the first join the first weighted layer of each later
// stage, and every weighted layer outside the stages, reads both towers.
// conv1 reads the image, which both towers share, and is not an exchange.
func Exchanges(net nn.Module) []string {
	seq, ok := net.(*nn.Sequential)
	if !ok {
		return nil
	}
	var out []string
	joined := false
	for _, l := range seq.Layers {
		switch l := l.(type) {
		case *nn.Parallel:
			if joined {
				if first := firstWeighted(l.Branches[0]); first != "" {
					out = append(out, first)
				}
			}
			joined = true
		case *nn.Conv2D, *nn.Linear:
			if joined {
				out = append(out, l.Name())
			}
		}
	}
	return out
}

// firstWeighted is the name of the first conv or linear leaf under m.
func firstWeighted(m nn.Module) string {
	name := ""
	nn.Walk(m, func(_ string, c nn.Module) {
		switch c.(type) {
		case *nn.Conv2D, *nn.Linear:
			if name == "" {
				name = c.Name()
			}
		}
	})
	return name
}

// MergeTowers copies the weights of a two-tower network (AlexNet) into the
// merged one-tower network of the same widths (Merged). Tower t's filters
// fill the t-th block of output channels; a layer that reads only its own
// tower (conv2, conv4, conv5) fills the t-th diagonal block of the input
// channels and leaves the off-diagonal blocks zero, which is exactly what
// a grouped convolution with two groups computes. Both networks' tensors
// must be allocated.
func MergeTowers(towers, merged nn.Module) error {
	src := map[string]*nn.Param{}
	for _, p := range nn.AllParams(towers) {
		src[p.Key] = p.Param
	}
	for _, dst := range nn.AllParams(merged) {
		if s, ok := src[dst.Key]; ok { // fc6, fc7, fc8: the same layer in both
			if len(s.Data) != len(dst.Data) {
				return fmt.Errorf("alexnet: %s: %v vs %v", dst.Key, s.Shape, dst.Shape)
			}
			copy(dst.Data, s.Data)
			continue
		}
		clear(dst.Data)
		for t, g := range []string{"gpu1", "gpu2"} {
			s, ok := src[g+"."+dst.Key]
			if !ok {
				return fmt.Errorf("alexnet: %s has no tower counterpart %s.%s", dst.Key, g, dst.Key)
			}
			if err := placeBlock(dst.Param, s, t); err != nil {
				return fmt.Errorf("alexnet: %s: %w", dst.Key, err)
			}
		}
	}
	return nil
}

// placeBlock copies tower t's tensor s (out_t, in_t, k, k) or (out_t) into
// block t of d (O, I, k, k) or (O): rows [t·out_t, (t+1)·out_t), columns
// [t·in_t, (t+1)·in_t) if in_t < I (own tower only), else all of them.
func placeBlock(d, s *nn.Param, t int) error {
	if len(s.Shape) == 1 {
		o := s.Shape[0]
		if (t+1)*o > d.Shape[0] {
			return fmt.Errorf("tower bias %v does not fit %v", s.Shape, d.Shape)
		}
		copy(d.Data[t*o:(t+1)*o], s.Data)
		return nil
	}
	o, in, kk := s.Shape[0], s.Shape[1], s.Shape[2]*s.Shape[3]
	O, I := d.Shape[0], d.Shape[1]
	if (t+1)*o > O || (in != I && (t+1)*in > I) || d.Shape[2]*d.Shape[3] != kk {
		return fmt.Errorf("tower weight %v does not fit %v", s.Shape, d.Shape)
	}
	col := 0
	if in < I {
		col = t * in
	}
	for r := 0; r < o; r++ {
		dst := d.Data[((t*o+r)*I+col)*kk:]
		copy(dst[:in*kk], s.Data[r*in*kk:(r+1)*in*kk])
	}
	return nil
}
