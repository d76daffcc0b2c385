package nn_test

import (
	"fmt"
	"os"

	"github.com/cnnbook/cnnbook/nn"
)

// torchvision's resnet18 layer2.0: the first block of a stage halves the
// size and doubles the channels, so its shortcut is a projection (option B).
func ExampleBasicBlock() {
	b := nn.BasicBlock("layer2.0", 64, 128, 2, nn.ShortcutB)
	r, err := nn.Analyze(b, nn.Shape{64, 56, 56})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.WriteTable(os.Stdout)
	// Output:
	// layer         type            output   params         MACs  RF
	// conv1         Conv2d       128×28×28   73,728   57,802,752   3
	// bn1           BatchNorm2d  128×28×28      256            0   3
	// relu          ReLU         128×28×28        0            0   3
	// conv2         Conv2d       128×28×28  147,456  115,605,504   7
	// bn2           BatchNorm2d  128×28×28      256            0   7
	// downsample.0  Conv2d       128×28×28    8,192    6,422,528   1
	// downsample.1  BatchNorm2d  128×28×28      256            0   1
	// relu          ReLU         128×28×28        0            0   7
	// input 64×56×56 → output 128×28×28
	// params 230,144 (trainable 230,144, inference 230,144)
	// MACs 179,830,784
	// activations 602,112 floats (2,408,448 bytes)
	// depth 2, receptive field 7 (stride 2, padding 3), paths 2
	// note: conv1: (56+2·1−3)/2+1 = 28.5 → 28: the last padding row and column are never read (no pixel is lost)
	// note: downsample.0: (56+2·0−1)/2+1 = 28.5 → 28: the last pixel row and column are never read
}

// The Inception (3a) module of GoogLeNet as in the paper (conv + bias +
// ReLU, a real 5×5): 64 + 128 + 32 + 32 = 256 channels out, and the
// 128M operations of Szegedy et al. 2015 Table 1.
func ExampleInception() {
	m := nn.Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, nn.InceptionOpts{})
	r, _ := nn.Analyze(m, nn.Shape{192, 28, 28})
	fmt.Printf("output %v, params %s, MACs %s\n", r.Output, nn.Comma(r.Params), nn.Comma(r.MACs))
	for _, p := range nn.AllParams(m)[:4] {
		fmt.Println(p.Key, p.Shape)
	}
	// Output:
	// output 256×28×28, params 163,696, MACs 128,049,152
	// branch1.conv.weight [64 192 1 1]
	// branch1.conv.bias [64]
	// branch2.0.conv.weight [96 192 1 1]
	// branch2.0.conv.bias [96]
}

// One SGD step as torch.optim.SGD: with momentum the first step's buffer
// is the gradient itself (b₁ = g₁ + λθ), so θ₁ = θ₀ − γ(g₁ + λθ₀):
// 1 − 0.1·(1 + 5e−4·1) = 0.89995.
func ExampleSGD() {
	fc := nn.NewLinear("fc", 2, 1)
	nn.InitParams(fc, nn.NewRNG(1))
	copy(fc.Weight.Data, []float32{1, -1})
	x := nn.FromData([]float32{1, 2}, 1, 2)
	y := fc.Forward(&nn.Ctx{Train: true}, x)
	fc.Backward(nn.FromData([]float32{1}, 1, 1)) // dL/dy = 1
	opt := nn.NewSGD(fc, 0.1, 0.9, 5e-4)
	opt.Step()
	fmt.Printf("y %.1f, weight %.5f, bias %.5f\n", y.Data, fc.Weight.Data, fc.Bias.Data)
	// Output: y [-1.0], weight [0.89995 -1.19995], bias [-0.10000]
}
