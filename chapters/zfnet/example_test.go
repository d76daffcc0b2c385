package zfnet_test

import (
	"fmt"
	"os"

	"github.com/cnnbook/cnnbook/chapters/zfnet"
	"github.com/cnnbook/cnnbook/nn"
)

// ZFNet layer by layer at 224×224: the sizes under Fig. 3 (110, 55, 26,
// 13, 6) and the receptive field of each layer.
func ExampleZFNet() {
	rep, err := zfnet.ZFNet().Analyze()
	if err != nil {
		panic(err)
	}
	rep.WriteTable(os.Stdout)
	// Output:
	// layer    type                   output      params         MACs   RF
	// conv1    Conv2d             96×110×110      14,208  170,755,200    7
	// relu1    ReLU               96×110×110           0            0    7
	// pool1    MaxPool2d            96×55×55           0            0   11
	// norm1    LocalResponseNorm    96×55×55           0            0   11
	// conv2    Conv2d              256×26×26     614,656  415,334,400   27
	// relu2    ReLU                256×26×26           0            0   27
	// pool2    MaxPool2d           256×13×13           0            0   43
	// norm2    LocalResponseNorm   256×13×13           0            0   43
	// conv3    Conv2d              384×13×13     885,120  149,520,384   75
	// relu3    ReLU                384×13×13           0            0   75
	// conv4    Conv2d              384×13×13   1,327,488  224,280,576  107
	// relu4    ReLU                384×13×13           0            0  107
	// conv5    Conv2d              256×13×13     884,992  149,520,384  139
	// relu5    ReLU                256×13×13           0            0  139
	// pool5    MaxPool2d             256×6×6           0            0  171
	// flatten  Flatten                  9216           0            0  171
	// fc6      Linear                   4096  37,752,832   37,748,736  171
	// relu6    ReLU                     4096           0            0  171
	// drop6    Dropout                  4096           0            0  171
	// fc7      Linear                   4096  16,781,312   16,777,216  171
	// relu7    ReLU                     4096           0            0  171
	// drop7    Dropout                  4096           0            0  171
	// fc8      Linear                   1000   4,097,000    4,096,000  171
	// input 3×224×224 → output 1000
	// params 62,357,608 (trainable 62,357,608, inference 62,357,608)
	// MACs 1,168,032,896
	// activations 2,193,448 floats (8,773,792 bytes)
	// depth 8, receptive field 171 (stride 32, padding 49), paths 1
	// note: conv1: (224+2·1−7)/2+1 = 110.5 → 110: the last padding row and column are never read (no pixel is lost)
	// note: pool1: (110+2·0−3)/2+1 = 54.5 → 55 (ceil mode): the last window reads only 2 of its 3 rows and columns
	// note: pool2: (26+2·0−3)/2+1 = 12.5 → 13 (ceil mode): the last window reads only 2 of its 3 rows and columns
}

// The deconvnet projection of one unit of a two-layer stack with positive
// weights: the pixels it reaches are its 5×5 receptive field, rows and
// columns 1·2−0 … 1·2−0+5−1 = 2…6, weighted by how many paths lead there
// (the 3×3 box convolved with the 3×3 box: 1 2 3 2 1), times the
// activation 81.
func ExampleProject() {
	stack := nn.Seq("stack",
		nn.NewConv2D("conv1", 1, 1, 3), nn.NewReLU("relu1"),
		nn.NewConv2D("conv2", 1, 1, 3, nn.Stride(2)), nn.NewReLU("relu2"))
	for _, p := range nn.AllParams(stack) {
		p.Alloc()
		if p.Name == "weight" {
			for i := range p.Data {
				p.Data[i] = 1
			}
		}
	}
	x := nn.NewTensor(1, 1, 9, 9)
	for i := range x.Data {
		x.Data[i] = 1
	}
	rep, _ := nn.Analyze(stack, nn.Shape{1, 9, 9})
	fmt.Printf("receptive field %d, jump %d, padding %d\n", rep.RF.Size, rep.RF.Stride, rep.RF.Padding)
	y, err := zfnet.Project(stack, x, "relu2", 0, 1, 1)
	if err != nil {
		panic(err)
	}
	for i := 0; i < 9; i++ {
		for j := 0; j < 9; j++ {
			fmt.Printf("%4.0f", y.Data[i*9+j])
		}
		fmt.Println()
	}
	// Output:
	// receptive field 5, jump 2, padding 0
	//    0   0   0   0   0   0   0   0   0
	//    0   0   0   0   0   0   0   0   0
	//    0   0  81 162 243 162  81   0   0
	//    0   0 162 324 486 324 162   0   0
	//    0   0 243 486 729 486 243   0   0
	//    0   0 162 324 486 324 162   0   0
	//    0   0  81 162 243 162  81   0   0
	//    0   0   0   0   0   0   0   0   0
	//    0   0   0   0   0   0   0   0   0
}
