package variants_test

import (
	"fmt"
	"os"

	"github.com/cnnbook/cnnbook/chapters/resnet"
	"github.com/cnnbook/cnnbook/chapters/variants"
	"github.com/cnnbook/cnnbook/nn"
)

// The five orders of He et al. 2016b Fig. 4 as configurations of one
// block (variants.PreActBlock), read back from the module tree, with the error
// of ResNet-110 built from each (Table 2). "clean" is the largest change
// the block makes to its input when its branch outputs zero: only the
// orders with nothing after the addition pass the identity on untouched.
func ExampleFigureFour() {
	fmt.Printf("%-30s %-27s %-8s %6s %6s\n", "order", "branch", "after", "clean", "error")
	for _, o := range variants.FigureFour {
		branch, after := variants.Ordering(variants.PreActBlock("block", 8, 8, 1, o.Order, resnet.ShortcutB))
		fmt.Printf("%-30s %-27s %-8s %6.2f %5.2f%%\n", o.Label, branch, after, variants.CleanProbe(o.Order), o.Error)
	}
	// Output:
	// order                          branch                      after     clean  error
	// (a) original                   conv-BN-ReLU-conv-BN        ReLU       2.91  6.61%
	// (b) BN after addition          conv-BN-ReLU-conv           BN-ReLU    2.91  8.17%
	// (c) ReLU before addition       conv-BN-ReLU-conv-BN-ReLU              0.00  7.84%
	// (d) ReLU-only pre-activation   ReLU-conv-BN-ReLU-conv-BN              0.00  6.71%
	// (e) full pre-activation        BN-ReLU-conv-BN-ReLU-conv              0.00  6.37%
}

// Width k multiplies the filters of every group; the depth stays, the
// parameters and MACs grow as k², the activations as k.
func ExampleWRN() {
	base, _ := variants.WRN(28, 1).Analyze()
	fmt.Printf("%-10s %8s %11s %7s %7s %7s\n", "model", "weighted", "params", "×params", "×MACs", "×acts")
	for _, k := range []int{1, 2, 4, 8, 10} {
		r, _ := variants.WRN(28, k).Analyze()
		fmt.Printf("%-10s %8d %11s %7.1f %7.1f %7.2f\n", fmt.Sprintf("wrn-28-%d", k), r.Depth, nn.Comma(r.Params),
			float64(r.Params)/float64(base.Params), float64(r.MACs)/float64(base.MACs), float64(r.Activations)/float64(base.Activations))
	}
	n := (28 - 4) / 6
	fmt.Printf("the name's 28 is the paper's 6N+4 with N = %d; the longest weighted path is conv1 + 6N + fc = %d\n", n, 1+6*n+1)
	// Output:
	// model      weighted      params ×params   ×MACs   ×acts
	// wrn-28-1         26     369,498     1.0     1.0    1.00
	// wrn-28-2         26   1,467,610     4.0     3.9    2.00
	// wrn-28-4         26   5,849,050    15.8    15.4    3.93
	// wrn-28-8         26  23,354,842    63.2    61.1    7.80
	// wrn-28-10        26  36,479,194    98.7    95.4    9.74
	// the name's 28 is the paper's 6N+4 with N = 4; the longest weighted path is conv1 + 6N + fc = 26
}

// Xie et al. 2017 Table 2: cardinality C and bottleneck width d traded at
// (roughly) the same cost. The group width, parameters and MACs are
// computed from the built models; the top-1 errors are the paper's
// (Table 3), cited, not computed.
func ExampleResNeXt50() {
	fmt.Printf("%-8s %9s %11s %6s %12s\n", "C×d", "group w", "params", "GMACs", "cited top-1")
	for _, c := range variants.Table2 {
		m := variants.ResNeXt50(c.C, c.D)
		r, _ := m.Analyze()
		w := nn.Find(m.Net, "layer1.0.conv2").(*nn.Conv2D).Out
		fmt.Printf("%-8s %9d %11s %6.2f %11.1f%%\n", fmt.Sprintf("%d×%dd", c.C, c.D), w, nn.Comma(r.Params), float64(r.MACs)/1e9, c.Top1)
	}
	fmt.Println("cited: ImageNet-1K top-1 error, 224×224 single crop, Xie et al. 2017 Table 3")
	// Output:
	// C×d        group w      params  GMACs  cited top-1
	// 1×64d           64  25,557,032   4.09        23.9%
	// 2×40d           80  25,425,000   4.12        23.0%
	// 4×24d           96  25,292,968   4.16        22.6%
	// 8×14d          112  25,603,016   4.27        22.3%
	// 32×4d          128  25,028,904   4.23        22.2%
	// cited: ImageNet-1K top-1 error, 224×224 single crop, Xie et al. 2017 Table 3
}

// A ResNeXt block computed twice from the same weights: as torchvision's
// grouped convolution and as 32 separate paths summed before the last BN.
func ExampleCompareForms() {
	r := variants.CompareForms(256, 32, 4, 256, 1, 8, 2017)
	fmt.Printf("params: grouped %s, aggregated %s\n", nn.Comma(r.ParamsGrouped), nn.Comma(r.ParamsAggr))
	fmt.Printf("max |difference| / max |y|: eval %.0e, training %.0e\n", r.MaxDiffEval/r.MaxAbs, r.MaxDiffTrain/r.MaxAbs)
	fmt.Println("same function:", r.Same())
	// Output:
	// params: grouped 71,168, aggregated 71,168
	// max |difference| / max |y|: eval 3e-07, training 3e-07
	// same function: true
}

// Stochastic depth on the 110-layer network: survival decays linearly
// from the first block to p_L = 0.5 on the last; a training pass runs
// (3L−1)/4 of the L = 54 blocks on average.
func ExampleLinearDecay() {
	p := variants.LinearDecay(54, 0.5)
	fmt.Printf("p_1 = %.4f, p_27 = %.4f, p_54 = %.4f\n", p[0], p[26], p[53])
	fmt.Printf("expected blocks %.2f of 54, counted over %d training passes %.2f\n",
		variants.ExpectedBlocks(p), variants.CountPasses, variants.CountRuns(p, variants.CountPasses, 2016))
	// Output:
	// p_1 = 0.9907, p_27 = 0.7500, p_54 = 0.5000
	// expected blocks 40.25 of 54, counted over 4000 training passes 40.23
}

// fractalnet-20 block by block: 7 convolutions, 4 on the deepest column,
// 5 paths through 1 to 4 of them; 5⁵ paths through the network.
func ExampleFractalTable() {
	m := variants.Fractal(variants.FractalNet20)
	rows, _ := variants.FractalTable(m)
	fmt.Printf("%-7s %4s %4s %5s %5s %5s %5s %11s\n", "block", "in", "out", "size", "convs", "depth", "paths", "params")
	for _, r := range rows {
		fmt.Printf("%-7s %4d %4d %5d %5d %5d %5d %11s\n", r.Block, r.In, r.Out, r.Size, r.Units, r.Depth, r.Paths, nn.Comma(r.Params))
	}
	rep, _ := m.Analyze()
	fmt.Printf("network: %s params (Table 1: %.1fM), depth %d, %s paths\n", nn.Comma(rep.Params), variants.FractalParamsM, rep.Depth, rep.PathCount())
	// Output:
	// block     in  out  size convs depth paths      params
	// block1     3   64    32     7     4     5     153,536
	// block2    64  128    16     7     4     5     812,800
	// block3   128  256     8     7     4     5   3,247,616
	// block4   256  512     4     7     4     5  12,983,296
	// block5   512  512     2     7     4     5  16,522,240
	// network: 33,724,618 params (Table 1: 38.6M), depth 21, 3125 paths
}

// A three-column fractal block's layers in the order they run: row by row,
// the deepest column's unit last on each row, joins after rows 2 and 4.
func ExampleFractalBlock() {
	b := nn.NewFractalBlock("f3", 3, 16, 16, func(name string, in, out int) nn.Module {
		return nn.NewConv2D(name, in, out, 3, nn.Pad(1), nn.NoBias())
	})
	r, _ := nn.Analyze(b, nn.Shape{16, 8, 8})
	r.WriteTable(os.Stdout)
	// Output:
	// layer      type    output  params     MACs  RF
	// column3.0  Conv2d  16×8×8   2,304  147,456   3
	// column2.0  Conv2d  16×8×8   2,304  147,456   3
	// column3.1  Conv2d  16×8×8   2,304  147,456   5
	// column3.2  Conv2d  16×8×8   2,304  147,456   7
	// column1.0  Conv2d  16×8×8   2,304  147,456   3
	// column2.1  Conv2d  16×8×8   2,304  147,456   7
	// column3.3  Conv2d  16×8×8   2,304  147,456   9
	// input 16×8×8 → output 16×8×8
	// params 16,128 (trainable 16,128, inference 16,128)
	// MACs 1,032,192
	// activations 7,168 floats (28,672 bytes)
	// depth 4, receptive field 9 (stride 1, padding 4), paths 5
}

// DenseNet-BC (L = 100, k = 12): 2k maps from the stem, +k per layer, ×½
// at each transition.
func ExampleChannelPlan() {
	rows, _ := variants.ChannelPlan(variants.DenseNetBC100)
	fmt.Printf("%-12s %4s %4s %5s %6s %9s\n", "stage", "in", "out", "size", "layers", "params")
	for _, r := range rows {
		fmt.Printf("%-12s %4d %4d %5d %6d %9s\n", r.Stage, r.In, r.Out, r.Size, r.Layers, nn.Comma(r.Params))
	}
	// Output:
	// stage          in  out  size layers    params
	// conv0           3   24    32      0       648
	// denseblock1    24  216    32     16   175,680
	// transition1   216  108    16      0    23,760
	// denseblock2   108  300    16     16   242,880
	// transition2   300  150     8      0    45,600
	// denseblock3   150  342     8     16   276,480
}

// torchvision's densenet121 (k = 32, blocks 6-12-24-16, θ = ½): each
// dense layer's 1×1 bottleneck makes 4k = 128 maps, its 3×3 adds k = 32;
// the last layer of a block reads the block input and all earlier outputs.
// (pool0, the 3×3/2 max pool after conv0, halves 112 to 56; norm5, ReLU,
// the global pool and the 1024 → 1000 classifier follow denseblock4.)
func ExampleChannelPlan_densenet121() {
	rows, _ := variants.ChannelPlan(variants.DenseNet121)
	fmt.Printf("%-12s %5s %5s %5s %6s %11s %11s\n", "stage", "in", "out", "size", "layers", "last reads", "params")
	for _, r := range rows {
		last := ""
		if r.Layers > 0 {
			last = fmt.Sprint(r.LayerIn[1])
		}
		fmt.Printf("%-12s %5d %5d %5d %6d %11s %11s\n", r.Stage, r.In, r.Out, r.Size, r.Layers, last, nn.Comma(r.Params))
	}
	// Output:
	// stage           in   out  size layers  last reads      params
	// conv0            3    64   112      0                   9,408
	// denseblock1     64   256    56      6         224     335,040
	// transition1    256   128    28      0                  33,280
	// denseblock2    128   512    28     12         480     919,680
	// transition2    512   256    14      0                 132,096
	// denseblock3    256  1024    14     24         992   2,837,760
	// transition3   1024   512     7      0                 526,336
	// denseblock4    512  1024     7     16         992   2,158,080
}

// MobileNet v1 against Howard et al. 2017 Tables 4, 6 and 7.
func ExampleMobileNet() {
	fmt.Printf("%-18s %10s %7s %9s %7s\n", "model", "params", "paper", "MMACs", "paper")
	for _, row := range variants.MobileNetTables {
		m := variants.MobileNet(row.Alpha, row.Resolution, row.Standard)
		r, _ := m.Analyze()
		fmt.Printf("%-18s %10s %6.1fM %9.1f %7.0f\n", m.Name, nn.Comma(r.Params), row.ParamsM, float64(r.MACs)/1e6, row.MultAddsM)
	}
	sep, std := variants.SeparableCost(512, 512, 3, 14, 1)
	fmt.Printf("512→512 at 14×14: %s / %s = %.4f = 1/512 + 1/9 = %.4f\n", nn.Comma(sep), nn.Comma(std), float64(sep)/float64(std), 1.0/512+1.0/9)
	// Output:
	// model                  params   paper     MMACs   paper
	// mobilenet-v1        4,231,976    4.2M     568.7     569
	// mobilenet-v1-conv  29,294,088   29.3M    4867.3    4866
	// mobilenet-v1-0.75   2,585,560    2.6M     325.4     325
	// mobilenet-v1-0.5    1,331,592    1.3M     149.5     149
	// mobilenet-v1-0.25     470,072    0.5M      41.0      41
	// mobilenet-v1-192    4,231,976    4.2M     418.1     418
	// mobilenet-v1-160    4,231,976    4.2M     290.7     290
	// mobilenet-v1-128    4,231,976    4.2M     186.4     186
	// 512→512 at 14×14: 52,283,392 / 462,422,016 = 0.1131 = 1/512 + 1/9 = 0.1131
}

// Each column of fractalnet-20 extracted as a plain network (Larsson et
// al. 2017 Table 1's "⇒ deepest" rows: the deepest column alone): the
// units and classifier shared with the full network, one path,
// 5·2^(j−1) convolutions. A global drop-path pass on column j computes exactly this
// network (TestColumnExtraction).
func ExampleColumn() {
	m := variants.Fractal(variants.FractalNet20)
	fmt.Printf("%-22s %5s %11s %5s\n", "network", "depth", "params", "paths")
	for j := 1; j <= variants.FractalNet20.Columns; j++ {
		col := variants.Column(m, j)
		r, _ := col.Analyze()
		fmt.Printf("%-22s %5d %11s %5s\n", col.Name, r.Depth, nn.Comma(r.Params), r.PathCount())
	}
	r, _ := m.Analyze()
	fmt.Printf("%-22s %5d %11s %5s\n", m.Name, r.Depth, nn.Comma(r.Params), r.PathCount())
	// Output:
	// network                depth      params paths
	// fractalnet-20-column1      6   3,917,386     1
	// fractalnet-20-column2     11   9,413,066     1
	// fractalnet-20-column3     21  20,404,426     1
	// fractalnet-20             21  33,724,618  3125
}
