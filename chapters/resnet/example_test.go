package resnet_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/nn"
)

// The five networks of Table 1: depth, parameters, multiply-accumulates
// at 224×224 against the table's "FLOPs", and the 2^blocks paths. The
// bottleneck models are shown with the paper's stride placement and with
// torchvision's (v1.5): same parameters, more MACs, smaller receptive field.
func ExampleImageNet() {
	fmt.Printf("%-13s %5s %11s %6s %7s %5s %5s\n", "model", "depth", "params", "GMACs", "Table 1", "RF", "paths")
	row := func(m *nn.Model, flops float64) {
		r, err := m.Analyze()
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-13s %5d %11s %6.2f %7.1f %5d %5s\n", m.Name, r.Depth, nn.Comma(r.Params),
			float64(r.MACs)/1e9, flops/1e9, r.RF.Size, fmt.Sprintf("2^%d", r.PathCount().BitLen()-1))
	}
	for _, a := range resnet.Table1 {
		row(resnet.ImageNet(a.Depth, resnet.StrideAt1x1), a.FLOPs)
	}
	for _, a := range resnet.Table1[2:] {
		row(resnet.ImageNet(a.Depth, resnet.StrideAt3x3), a.FLOPs)
	}
	// Output:
	// model         depth      params  GMACs Table 1    RF paths
	// resnet18         18  11,689,512   1.81     1.8   435   2^8
	// resnet34         34  21,797,672   3.66     3.6   899  2^16
	// resnet50         50  25,557,032   3.86     3.8   483  2^16
	// resnet101       101  44,549,160   7.57     7.6  1027  2^33
	// resnet152       152  60,192,808  11.28    11.3  1507  2^50
	// resnet50-tv      50  25,557,032   4.09     3.8   427  2^16
	// resnet101-tv    101  44,549,160   7.80     7.6   971  2^33
	// resnet152-tv    152  60,192,808  11.51    11.3  1451  2^50
}

// The CIFAR-10 networks of §4.2 beside Table 6: 6n+2 layers, the counted
// parameters against the table's, and the test error the paper reports.
// The 1202-layer network has 11× the parameters of the 110-layer one and
// a higher error.
func ExampleCIFAR() {
	fmt.Printf("%-11s %3s %5s %10s %7s %7s %13s\n", "model", "n", "depth", "params", "Table 6", "error %", "MACs")
	for _, row := range resnet.Table6 {
		m := resnet.CIFAR(row.Depth, true)
		r, err := m.Analyze()
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-11s %3d %5d %10s %7s %7.2f %13s\n", m.Name, (row.Depth-2)/6, r.Depth,
			nn.Comma(r.Params), fmt.Sprintf("%vM", row.ParamsM), row.Error, nn.Comma(r.MACs))
	}
	// Output:
	// model         n depth     params Table 6 error %          MACs
	// resnet20      3    20    269,722   0.27M    8.75    40,551,040
	// resnet32      5    32    464,154   0.46M    7.51    68,862,592
	// resnet44      7    44    658,586   0.66M    7.17    97,174,144
	// resnet56      9    56    853,018   0.85M    6.97   125,485,696
	// resnet110    18   110  1,727,962    1.7M    6.43   252,887,680
	// resnet1202  200  1202 19,421,274   19.4M    7.93 2,829,238,912
}

// Unravelled, resnet20's 9 blocks are 2^9 = 512 paths; C(9, k) of them
// pass through k residual branches (Veit et al. 2016). The analysis counts
// lengths in weighted layers (2 + 2k); BlockLengths turns them into blocks.
func ExampleBlockLengths() {
	r, err := resnet.CIFAR(20, true).Analyze()
	if err != nil {
		panic(err)
	}
	lengths, err := resnet.BlockLengths(r.Paths, 2, 2)
	if err != nil {
		panic(err)
	}
	for k, c := range lengths {
		bar := strings.Repeat("#", int(c.Int64()/4))
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%d blocks (%2d layers): %3s %s", k, 2+2*k, c, bar)))
	}
	fmt.Println("paths:", r.PathCount())
	r110, _ := resnet.CIFAR(110, true).Analyze()
	l110, _ := resnet.BlockLengths(r110.Paths, 2, 2)
	fmt.Printf("resnet110: %d paths, %.1f%% through 19…35 of 54 blocks\n", r110.PathCount(), 100*resnet.Share(l110, 19, 35))
	// Output:
	// 0 blocks ( 2 layers):   1
	// 1 blocks ( 4 layers):   9 ##
	// 2 blocks ( 6 layers):  36 #########
	// 3 blocks ( 8 layers):  84 #####################
	// 4 blocks (10 layers): 126 ###############################
	// 5 blocks (12 layers): 126 ###############################
	// 6 blocks (14 layers):  84 #####################
	// 7 blocks (16 layers):  36 #########
	// 8 blocks (18 layers):   9 ##
	// 9 blocks (20 layers):   1
	// paths: 512
	// resnet110: 18014398509481984 paths, 98.0% through 19…35 of 54 blocks
}

// Where a downsampling bottleneck strides decides where its cost goes.
// The paper's block strides its first 1×1 (which then reads only one
// pixel in four); torchvision's v1.5 strides the 3×3, so the 1×1 runs on
// the full map. Per stage of resnet50 (MACs in millions, output shapes):
func ExampleStrideAt() {
	stage := func(m *nn.Model) (map[string]int64, map[string]nn.Shape, *nn.Report) {
		r, err := m.Analyze()
		if err != nil {
			panic(err)
		}
		macs, out := map[string]int64{}, map[string]nn.Shape{}
		for _, row := range r.Rows {
			s, _, _ := strings.Cut(row.Name, ".")
			macs[s] += row.MACs
			out[s] = row.Out
		}
		return macs, out, r
	}
	pm, po, pr := stage(resnet.ImageNet(50, resnet.StrideAt1x1))
	tm, _, tr := stage(resnet.ImageNet(50, resnet.StrideAt3x3))
	fmt.Printf("%-7s %12s %8s %8s\n", "stage", "output", "paper", "v1.5")
	for _, s := range []string{"conv1", "layer1", "layer2", "layer3", "layer4", "fc"} {
		fmt.Printf("%-7s %12s %8.1f %8.1f\n", s, po[s], float64(pm[s])/1e6, float64(tm[s])/1e6)
	}
	fmt.Printf("%-7s %12s %8.1f %8.1f\n", "total", "", float64(pr.MACs)/1e6, float64(tr.MACs)/1e6)
	fmt.Printf("%-7s %12s %8d %8d\n", "RF", "", pr.RF.Size, tr.RF.Size)
	// Output:
	// stage         output    paper     v1.5
	// conv1     64×112×112    118.0    118.0
	// layer1     256×56×56    667.9    667.9
	// layer2     512×28×28    950.5   1027.6
	// layer3    1024×14×14   1387.3   1464.3
	// layer4      2048×7×7    732.2    809.2
	// fc              1000      2.0      2.0
	// total                  3858.0   4089.2
	// RF                        483      427
}

// He et al. 2016 §1: "There exists a solution by construction to the
// deeper model: the added layers are identity mapping, and the other
// layers are copied from the learned shallower model." Embed builds it:
// resnet20's weights in resnet56, the 18 added blocks zeroed. The residual
// net then reproduces the shallow one exactly; the plain net, given the
// same surgery, loses its input altogether.
func ExampleEmbed() {
	rng := nn.NewRNG(1)
	x := nn.NewTensor(1, 3, 16, 16)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	neg := x.Clone()
	for i := range neg.Data {
		neg.Data[i] = -neg.Data[i]
	}
	maxDiff := func(a, b *nn.Tensor) (d float64) {
		for i := range a.Data {
			d = max(d, float64(a.Data[i]-b.Data[i]), float64(b.Data[i]-a.Data[i]))
		}
		return d
	}
	for _, shortcuts := range []bool{true, false} {
		shallow, deep := resnet.CIFAR(20, shortcuts), resnet.CIFAR(56, shortcuts)
		nn.InitParams(shallow.Net, rng)
		nn.InitParams(deep.Net, rng)
		zeroed := resnet.Embed(shallow.Net, deep.Net)
		ys := shallow.Net.Forward(nn.Eval, x).Clone()
		yd := deep.Net.Forward(nn.Eval, x).Clone()
		yn := deep.Net.Forward(nn.Eval, neg).Clone()
		fmt.Printf("%s, %d blocks zeroed: same as %s: %v; depends on its input: %v\n",
			deep.Name, zeroed, shallow.Name, maxDiff(yd, ys) == 0, maxDiff(yd, yn) != 0)
	}
	// Output:
	// resnet56, 18 blocks zeroed: same as resnet20: true; depends on its input: true
	// plain56, 18 blocks zeroed: same as plain20: false; depends on its input: false
}

// torchvision's resnet18 layer2.0: the first block of a stage halves the
// size and doubles the channels, so its shortcut is a projection (option B).
func ExampleBasicBlock() {
	b := resnet.BasicBlock("layer2.0", 64, 128, 2, resnet.ShortcutB)
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
