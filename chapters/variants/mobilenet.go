package variants

import (
	"fmt"

	"github.com/cnnbook/cnnbook/nn"
)

// MobileNetBody is Howard et al. 2017 ("MobileNets: Efficient
// Convolutional Neural Networks for Mobile Vision Applications") Table 1:
// after the 3×3/2 stem with 32 filters, 13 depthwise-separable layers,
// each a 3×3 depthwise convolution (stride s) and a 1×1 pointwise one to
// Out channels. Table 1 prints "Conv dw / s2" for the 13th depthwise
// layer, but its output and the next row's input are both 7×7×1024: a
// stride of 2 would give 4×4. The stride is 1, as in the authors'
// TensorFlow implementation (tf-slim mobilenet_v1.py, Conv2d_13 stride 1).
var MobileNetBody = []struct{ Out, Stride int }{
	{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
	{512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
	{1024, 2}, {1024, 1},
}

// MobileNetRow is a row of Howard et al. 2017 Tables 6 and 7 ("1.0
// MobileNet-224": ImageNet accuracy %, million mult-adds, million
// parameters) or Table 4 ("Conv MobileNet" vs "MobileNet").
type MobileNetRow struct {
	Alpha      float64 // width multiplier α
	Resolution int     // 224ρ
	Standard   bool    // Table 4's "Conv MobileNet": full convolutions instead of depthwise separable
	Accuracy   float64
	MultAddsM  float64
	ParamsM    float64
}

// MobileNetTables are Tables 4, 6 and 7 of Howard et al. 2017.
var MobileNetTables = []MobileNetRow{
	{1, 224, false, 70.6, 569, 4.2},  // Tables 4, 6, 7
	{1, 224, true, 71.7, 4866, 29.3}, // Table 4, Conv MobileNet
	{0.75, 224, false, 68.4, 325, 2.6},
	{0.5, 224, false, 63.7, 149, 1.3},
	{0.25, 224, false, 50.6, 41, 0.5},
	{1, 192, false, 69.1, 418, 4.2},
	{1, 160, false, 67.2, 290, 4.2},
	{1, 128, false, 64.4, 186, 4.2},
}

// MobileNet builds MobileNet v1 with width multiplier α ("the number of
// input channels M becomes αM and the number of output channels N becomes
// αN", §3.3) at resolution 224ρ (§3.4; the input is 3×r×r and the final
// average pool is global, so every r divisible by 32 works). Every
// convolution is followed by BN and ReLU (Fig. 3). Keys: conv0.conv,
// conv0.bn, conv1_dw.conv, conv1_dw.bn, conv1_pw.conv, …, conv13_pw.bn, fc.
// standard replaces each depthwise-separable pair by one full 3×3
// convolution conv{i} with the same stride and channels: Table 4's "Conv
// MobileNet".
func MobileNet(alpha float64, resolution int, standard bool) *nn.Model {
	c := func(n int) int { return int(alpha * float64(n)) }
	name := MobileNetName(alpha, resolution, standard)
	unit := func(name string, conv *nn.Conv2D) nn.Module {
		return nn.Seq(name, conv, nn.NewBatchNorm2D("bn", conv.Out), nn.NewReLU("relu"))
	}
	net := nn.Seq(name, unit("conv0", nn.NewConv2D("conv", 3, c(32), 3, nn.Stride(2), nn.Pad(1), nn.NoBias())))
	in := c(32)
	for i, l := range MobileNetBody {
		out := c(l.Out)
		if standard {
			net.Append(unit(fmt.Sprintf("conv%d", i+1), nn.NewConv2D("conv", in, out, 3, nn.Stride(l.Stride), nn.Pad(1), nn.NoBias())))
		} else {
			net.Append(
				unit(fmt.Sprintf("conv%d_dw", i+1), nn.NewConv2D("conv", in, in, 3, nn.Stride(l.Stride), nn.Pad(1), nn.Groups(in), nn.NoBias())),
				unit(fmt.Sprintf("conv%d_pw", i+1), nn.NewConv2D("conv", in, out, 1, nn.NoBias())))
		}
		in = out
	}
	net.Append(nn.NewGlobalAvgPool("avgpool"), nn.NewLinear("fc", in, 1000))
	return &nn.Model{Name: name, Input: nn.Shape{3, resolution, resolution}, Net: net}
}

// MobileNetName is the registry name: mobilenet-v1, mobilenet-v1-0.5,
// mobilenet-v1-192, mobilenet-v1-conv.
func MobileNetName(alpha float64, resolution int, standard bool) string {
	name := "mobilenet-v1"
	if alpha != 1 {
		name += fmt.Sprintf("-%g", alpha)
	}
	if resolution != 224 {
		name += fmt.Sprintf("-%d", resolution)
	}
	if standard {
		name += "-conv"
	}
	return name
}

// SeparableCost counts, with nn.Analyze, the multiply-accumulates of a
// depthwise-separable layer (3×3 depthwise on M channels, stride s, then
// 1×1 to N) and of the full k×k convolution it replaces, on an M×F×F
// input. Howard et al. 2017 Eq. 5:
//
//	(D_K²·M·D_F² + M·N·D_F²) / (D_K²·M·N·D_F²) = 1/N + 1/D_K²
//
// with D_F the output side.
func SeparableCost(m, n, k, f, stride int) (separable, standard int64) {
	sep := nn.Seq("sep",
		nn.NewConv2D("dw", m, m, k, nn.Stride(stride), nn.Pad(k/2), nn.Groups(m), nn.NoBias()),
		nn.NewConv2D("pw", m, n, 1, nn.NoBias()))
	std := nn.NewConv2D("conv", m, n, k, nn.Stride(stride), nn.Pad(k/2), nn.NoBias())
	rs, err := nn.Analyze(sep, nn.Shape{m, f, f})
	if err != nil {
		panic(err)
	}
	rc, err := nn.Analyze(std, nn.Shape{m, f, f})
	if err != nil {
		panic(err)
	}
	return rs.MACs, rc.MACs
}
