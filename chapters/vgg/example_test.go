package vgg_test

import (
	"fmt"
	"os"

	"github.com/cnnbook/cnnbook/chapters/vgg"
	"github.com/cnnbook/cnnbook/nn"
)

// The paper's layer names of VGG-16 and torchvision's keys, with each
// layer's output at 224×224, the float32 memory that output takes for one
// image, and the layer's parameters: the memory sits in conv1–conv2, the
// parameters in fc6–fc8.
func ExampleNames() {
	m, _ := vgg.Build("vgg16")
	rep, _ := m.Analyze()
	rows := map[string]nn.Row{}
	for _, r := range rep.Rows {
		rows[r.Name] = r
	}
	fmt.Printf("%-7s  %-12s  %-12s  %11s  %9s  %11s\n", "paper", "key", "feature", "output", "memory", "params")
	for _, n := range vgg.Names(m) {
		r := rows[n.Key]
		mem := fmt.Sprintf("%.2f MB", float64(4*r.Acts)/1e6)
		fmt.Printf("%-7s  %-12s  %-12s  %11s  %9s  %11s\n", n.Paper, n.Key, n.Out, r.Out, mem, nn.Comma(r.Params))
	}
	fmt.Printf("total %s parameters\n", nn.Comma(rep.Params))
	// Output:
	// paper    key           feature            output     memory       params
	// conv1_1  features.0    features.1     64×224×224   12.85 MB        1,792
	// conv1_2  features.2    features.3     64×224×224   12.85 MB       36,928
	// pool1    features.4    features.4     64×112×112    3.21 MB            0
	// conv2_1  features.5    features.6    128×112×112    6.42 MB       73,856
	// conv2_2  features.7    features.8    128×112×112    6.42 MB      147,584
	// pool2    features.9    features.9      128×56×56    1.61 MB            0
	// conv3_1  features.10   features.11     256×56×56    3.21 MB      295,168
	// conv3_2  features.12   features.13     256×56×56    3.21 MB      590,080
	// conv3_3  features.14   features.15     256×56×56    3.21 MB      590,080
	// pool3    features.16   features.16     256×28×28    0.80 MB            0
	// conv4_1  features.17   features.18     512×28×28    1.61 MB    1,180,160
	// conv4_2  features.19   features.20     512×28×28    1.61 MB    2,359,808
	// conv4_3  features.21   features.22     512×28×28    1.61 MB    2,359,808
	// pool4    features.23   features.23     512×14×14    0.40 MB            0
	// conv5_1  features.24   features.25     512×14×14    0.40 MB    2,359,808
	// conv5_2  features.26   features.27     512×14×14    0.40 MB    2,359,808
	// conv5_3  features.28   features.29     512×14×14    0.40 MB    2,359,808
	// pool5    features.30   features.30       512×7×7    0.10 MB            0
	// avgpool  avgpool       avgpool           512×7×7    0.10 MB            0
	// fc6      classifier.0  classifier.1         4096    0.02 MB  102,764,544
	// fc7      classifier.3  classifier.4         4096    0.02 MB   16,781,312
	// fc8      classifier.6  classifier.6         1000    0.00 MB    4,097,000
	// total 138,357,544 parameters
}

// Where VGG-16 keeps its cost: activations (float32 outputs for one
// 224×224 image) pile up in the first blocks, parameters in fc6–fc8.
func ExampleBreakdown() {
	m, _ := vgg.Build("vgg16")
	shares, rep, _ := vgg.Breakdown(m)
	vgg.WriteBreakdown(os.Stdout, shares, rep)
	// Output:
	// block    activations      %       params       %
	// conv1      7,225,344   47.8       38,720    0.03
	// conv2      3,612,672   23.9      221,440    0.16
	// conv3      2,609,152   17.3    1,475,328    1.07
	// conv4      1,304,576    8.6    5,899,776    4.26
	// conv5        326,144    2.2    7,079,424    5.12
	// avgpool       25,088    0.2            0    0.00
	// fc6            4,096    0.0  102,764,544   74.27
	// fc7            4,096    0.0   16,781,312   12.13
	// fc8            1,000    0.0    4,097,000    2.96
	// total     15,112,168  100.0  138,357,544  100.00
}

// §2.3: stacked 3×3 convs reach the receptive field of one large filter
// with fewer weights (per C², biases aside).
func ExampleStackRF() {
	fmt.Printf("%-7s  %15s  %7s\n", "layers", "receptive field", "weights")
	for _, s := range []struct{ n, k int }{{2, 3}, {1, 5}, {3, 3}, {1, 7}} {
		fmt.Printf("%d × %d×%d  %15d  %5dC²\n", s.n, s.k, s.k, vgg.StackRF(s.n, s.k), vgg.StackWeights(s.n, s.k))
	}
	// Output:
	// layers   receptive field  weights
	// 2 × 3×3                5     18C²
	// 1 × 5×5                5     25C²
	// 3 × 3×3                7     27C²
	// 1 × 7×7                7     49C²
}

// Every configuration of Table 1 with its size, cost and receptive field.
func ExampleConfigs() {
	fmt.Printf("%-9s  %5s  %11s  %6s  %3s\n", "model", "depth", "params", "MACs", "RF")
	for _, e := range vgg.Models() {
		r, _ := e.Build().Analyze()
		fmt.Printf("%-9s  %5d  %11s  %5.2fG  %3d\n", e.Name, r.Depth, nn.Comma(r.Params), float64(r.MACs)/1e9, r.RF.Size)
	}
	// Output:
	// model      depth       params    MACs   RF
	// vgg11         11  132,863,336   7.61G  150
	// vgg11-lrn     11  132,863,336   7.61G  150
	// vgg13         13  133,047,848  11.31G  156
	// vgg16-c       16  133,638,952  11.77G  156
	// vgg16         16  138,357,544  15.47G  212
	// vgg19         19  143,667,240  19.63G  268
	// vgg11_bn      11  132,868,840   7.61G  150
	// vgg13_bn      13  133,053,736  11.31G  156
	// vgg16_bn      16  138,365,992  15.47G  212
	// vgg19_bn      19  143,678,248  19.63G  268
}
