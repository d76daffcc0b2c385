package googlenet

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// Options scales the network. The zero value is the published one:
// 3×224×224 input, Table 1's widths, 1000 classes.
type Options struct {
	Div     int // divide every conv and hidden fc width by Div (at least 1 channel); 0 or 1: full
	Classes int // 0: 1000
}

func (o Options) w(c int) int { return max(c/max(o.Div, 1), 1) }

func (o Options) classes() int {
	if o.Classes == 0 {
		return 1000 // Table 1: linear 1×1×1000
	}
	return o.Classes
}

// Paper §5: "The size of the receptive field in our network is 224×224
// taking RGB color channels with mean subtraction."
const inputSize = 224

// New builds GoogLeNet as Szegedy et al. 2015 publish it (Table 1, Fig. 3,
// §5), keyed in torchvision's style where the paper names nothing:
//
//	conv1        conv 7×7/2, pad 3, 64 + ReLU                        112×112×64
//	maxpool1     max-pool 3×3/2, ceil mode                           56×56×64
//	norm1        LRN (Fig. 3 "LocalRespNorm")
//	conv2, conv3 conv 1×1 64 + ReLU, conv 3×3 192 + ReLU             56×56×192
//	norm2        LRN
//	maxpool2     max-pool 3×3/2, ceil                                28×28×192
//	inception3a, inception3b                                         28×28×480
//	maxpool3     max-pool 3×3/2, ceil                                14×14×480
//	inception4a, aux1, inception4b, 4c, 4d, aux2, inception4e       14×14×832
//	maxpool4     max-pool 3×3/2, ceil                                7×7×832
//	inception5a, inception5b                                         7×7×1024
//	avgpool      average over the 7×7 map (Table 1 "avg pool 7×7/1")  1×1×1024
//	dropout      40% (Table 1)
//	fc           linear 1024 → 1000
//
// Every conv has a bias and a ReLU (§5: "All the convolutions, including
// those inside the Inception modules, use rectified linear activation");
// the Inception modules are Inception with true 5×5 branches. Ceil-mode
// pools give Table 1's sizes 112 → 56 → 28 → 14 → 7 (floor would give 55
// after maxpool1). The auxiliary heads (§5) run only in training.
func New(o Options) *nn.Model { return build("googlenet", false, o) }

// NewTorchvision builds torchvision 0.14's googlenet(aux_logits=True,
// transform_input=True), the form its ImageNet weights were trained in:
//
//   - every conv is BasicConv2d: conv without bias, BatchNorm2d(eps=0.001),
//     ReLU (keys conv.weight, bn.*);
//   - no LRN; the "5×5" branch uses a 3×3 conv (pytorch/vision#906, kept
//     for the weights); maxpool4 is 2×2/2 (ceil);
//   - transform_input first: a leaf that maps ImageNet-normalised inputs
//     to the (x−0.5)/0.5 scaling the ported weights expect (TransformInput);
//   - aux heads: adaptive average pool to 4×4 (the same as 5×5/3 at 14×14),
//     BasicConv2d 1×1 128, fc1 2048 → 1024 + ReLU, dropout 0.7, fc2;
//   - the main head: adaptive average pool, flatten, dropout 0.2, fc.
//
// The parameter keys equal torchvision's state_dict keys.
func NewTorchvision(o Options) *nn.Model { return build("googlenet-tv", true, o) }

// conv is a conv with padding k/2 (or the given options) and its
// activation, as a Seq "name" of "conv" [, "bn"], "relu": the paper's
// conv + ReLU, or torchvision's BasicConv2d when tv.
func conv(name string, in, out, k int, tv bool, opts ...nn.Opt) *nn.Sequential {
	if len(opts) == 0 {
		opts = []nn.Opt{nn.Pad(k / 2)}
	}
	if !tv {
		return nn.Seq(name, nn.NewConv2D("conv", in, out, k, opts...), nn.NewReLU("relu"))
	}
	bn := nn.NewBatchNorm2D("bn", out)
	bn.Eps = 1e-3 // torchvision BasicConv2d: nn.BatchNorm2d(out_channels, eps=0.001)
	return nn.Seq(name, nn.NewConv2D("conv", in, out, k, append(opts, nn.NoBias())...), bn, nn.NewReLU("relu"))
}

// pool is Table 1's 3×3/2 max-pool in ceil mode.
func pool(name string) *nn.MaxPool2D { return nn.NewMaxPool2D(name, 3, nn.Stride(2), nn.CeilMode()) }

// lrn is the LocalRespNorm of Fig. 3 with the parameters of the BVLC
// GoogLeNet reproduction (Caffe models/bvlc_googlenet/train_val.prototxt,
// "pool1/norm1": local_size 5, alpha 0.0001, beta 0.75; Caffe's k = 1 and
// α/n scaling, as PyTorch's LocalResponseNorm). The paper gives no values.
func lrn(name string) *nn.LRN { return nn.NewLocalResponseNorm(name, 5, 1e-4, 0.75, 1) }

func build(name string, tv bool, o Options) *nn.Model {
	net := nn.Seq(name)
	if tv {
		net.Append(NewTransformInput("transform_input"))
	}
	c1 := o.w(64)
	net.Append(conv("conv1", 3, c1, 7, tv, nn.Stride(2), nn.Pad(3)), pool("maxpool1"))
	if !tv {
		net.Append(lrn("norm1"))
	}
	c2, c3 := o.w(Table1[1].C3r), o.w(Table1[1].C3)
	net.Append(conv("conv2", c1, c2, 1, tv), conv("conv3", c2, c3, 3, tv))
	if !tv {
		net.Append(lrn("norm2"))
	}
	net.Append(pool("maxpool2"))
	in := c3
	for _, r := range Table1 {
		if !r.Inception() {
			continue
		}
		switch r.Name {
		case "inception4a":
			net.Append(pool("maxpool3"))
		case "inception5a":
			if tv {
				net.Append(nn.NewMaxPool2D("maxpool4", 2, nn.Stride(2), nn.CeilMode())) // torchvision: MaxPool2d(2, stride=2, ceil_mode=True)
			} else {
				net.Append(pool("maxpool4"))
			}
		}
		opts := InceptionOpts{}
		if tv {
			opts = TorchvisionInception()
		}
		c1, c3r, c3, c5r, c5, pp := o.w(r.C1), o.w(r.C3r), o.w(r.C3), o.w(r.C5r), o.w(r.C5), o.w(r.PP)
		net.Append(Inception(r.Name, in, c1, c3r, c3, c5r, c5, pp, opts))
		in = c1 + c3 + c5 + pp
		// §5: auxiliary classifiers "put on top of the output of the Inception (4a) and (4d) modules".
		switch r.Name {
		case "inception4a":
			net.Append(nn.NewAux("aux1", auxHead(in, tv, o)))
		case "inception4d":
			net.Append(nn.NewAux("aux2", auxHead(in, tv, o)))
		}
	}
	if tv {
		net.Append(nn.NewGlobalAvgPool("avgpool"), nn.NewFlatten("flatten"),
			nn.NewDropout("dropout", 0.2), // torchvision: nn.Dropout(p=0.2)
			nn.NewLinear("fc", in, o.classes()))
	} else {
		// Table 1: "avg pool 7×7/1" on the 7×7 map: a global average.
		net.Append(nn.NewGlobalAvgPool("avgpool"), nn.NewFlatten("flatten"),
			nn.NewDropout("dropout", 0.4), // Table 1: "dropout (40%)"
			nn.NewLinear("fc", in, o.classes()))
	}
	return &nn.Model{Name: name, Input: nn.Shape{3, inputSize, inputSize}, Net: net}
}

// auxHead is §5's auxiliary classifier:
//
//	"An average pooling layer with 5×5 filter size and stride 3, resulting
//	 in an 4×4×512 output for the (4a), and 4×4×528 for the (4d) stage.
//	 A 1×1 convolution with 128 filters for dimension reduction and
//	 rectified linear activation. A fully connected layer with 1024 units
//	 and rectified linear activation. A dropout layer with 70% ratio of
//	 dropped outputs. A linear layer with softmax loss as the classifier
//	 (predicting the same 1000 classes as the main classifier, but removed
//	 at inference time)."
//
// torchvision averages adaptively to 4×4 instead (the same at 14×14).
// The head is transparent (named ""), so its keys are aux1.conv…, aux1.fc1….
func auxHead(in int, tv bool, o Options) nn.Module {
	var avg nn.Module = nn.NewAvgPool2D("avgpool", 5, nn.Stride(3))
	if tv {
		avg = nn.NewAdaptiveAvgPool2D("avgpool", 4, 4) // F.adaptive_avg_pool2d(x, (4, 4))
	}
	c, h := o.w(128), o.w(1024)
	return nn.Seq("", avg, conv("conv", in, c, 1, tv), nn.NewFlatten("flatten"),
		nn.NewLinear("fc1", c*4*4, h), nn.NewReLU("relu"), nn.NewDropout("dropout", 0.7),
		nn.NewLinear("fc2", h, o.classes()))
}

// Models returns the chapter's models.
func Models() []nn.Entry {
	return []nn.Entry{
		{Name: "googlenet", Doc: "GoogLeNet as published: Table 1, LRN stem, true 5×5 branches, two aux heads (Szegedy et al. 2015)",
			Build: func() *nn.Model { return New(Options{}) }},
		{Name: "googlenet-tv", Doc: "torchvision 0.14 googlenet: BasicConv2d (conv+BN), 3×3 in the \"5×5\" branch, transform_input, aux1/aux2",
			Build: func() *nn.Model { return NewTorchvision(Options{}) }},
	}
}

// Build returns the registered model called name.
func Build(name string) (*nn.Model, error) {
	for _, e := range Models() {
		if e.Name == name {
			return e.Build(), nil
		}
	}
	return nil, fmt.Errorf("googlenet: no model %q", name)
}
