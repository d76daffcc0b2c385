package variants

import (
	"fmt"
	"math"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMobileNetTables: our counts against Howard et al. 2017 Tables 4, 6
// and 7 ("Million Mult-Adds", "Million Parameters"). The parameters round
// to the printed one decimal. The mult-adds are printed to the million
// without saying whether the classifier's 1.0M counts or how they round;
// ours (conv and linear MACs, the classifier included) land within 1.5M
// of every entry: 568.7 for 569, 4,867.3 for 4,866, 290.7 for 290, 149.5
// for 149.
func TestMobileNetTables(t *testing.T) {
	for _, row := range MobileNetTables {
		m := MobileNet(row.Alpha, row.Resolution, row.Standard)
		t.Run(m.Name, func(t *testing.T) {
			r := analyze(t, m)
			assert.Equal(t, fmt.Sprintf("%.1f", row.ParamsM), millions(r.Params, 1), "params (M): got %d", r.Params)
			got := float64(r.MACs) / 1e6
			assert.InDelta(t, row.MultAddsM, got, 1.5, "mult-adds (M): got %.1f, want %g ± 1.5", got, row.MultAddsM)
			t.Logf("%s: %s parameters ≈ %sM, %.1fM MACs = Howard et al. 2017 Tables 4/6/7 (%.1fM, %gM)",
				m.Name, nn.Comma(r.Params), millions(r.Params, 1), got, row.ParamsM, row.MultAddsM)
		})
	}
}

// TestMobileNetStructure: 28 convolutional layers counting depthwise and
// pointwise separately (§3.2: "Counting depthwise and pointwise
// convolutions as separate layers, MobileNet has 28 layers") — 27
// convolutions and the fc —, 13 of them depthwise (groups = channels),
// and the 7×7 map at the last of them.
func TestMobileNetStructure(t *testing.T) {
	m := MobileNet(1, 224, false)
	r := analyze(t, m)
	assert.Equal(t, 28, r.Depth, "layers: got ours, want §3.2's 28")
	dw := 0
	nn.Walk(m.Net, func(_ string, l nn.Module) {
		if c, ok := l.(*nn.Conv2D); ok && c.G > 1 {
			assert.Equal(t, c.In, c.G, "%s: a depthwise conv has one group per channel", c.Name())
			dw++
		}
	})
	assert.Equal(t, 13, dw, "depthwise convolutions")
	for _, row := range r.Rows {
		if row.Name == "conv13_dw.conv" {
			assert.Equal(t, nn.Shape{1024, 7, 7}, row.Out, "Table 1's last depthwise layer works at 7×7 (stride 1)")
		}
	}
	// The resolution multiplier changes the MACs, not the parameters (§3.4).
	assert.Equal(t, r.Params, analyze(t, MobileNet(1, 128, false)).Params)
}

// TestSeparableRatio: for every depthwise-separable layer of MobileNet the
// counted MACs of the pair, divided by those of the full 3×3 convolution
// with the same shapes, are exactly 1/N + 1/D_K² (Howard et al. 2017
// Eq. 5) — checked in integers: sep·N·D_K² = std·(D_K² + N).
func TestSeparableRatio(t *testing.T) {
	in, size := 32, 112
	for i, l := range MobileNetBody {
		t.Run(fmt.Sprintf("conv%d", i+1), func(t *testing.T) {
			sep, std := SeparableCost(in, l.Out, 3, size, l.Stride)
			n, k2 := int64(l.Out), int64(9)
			assert.Equal(t, std*(k2+n), sep*n*k2, "sep·N·D_K² vs std·(D_K²+N): sep %d, std %d", sep, std)
			ratio := float64(sep) / float64(std)
			assert.InDelta(t, 1/float64(l.Out)+1.0/9, ratio, 1e-12)
			t.Logf("conv%d (%d→%d at %d): separable ÷ standard = %.4f = 1/N + 1/D_K² (Howard et al. 2017 Eq. 5)", i+1, in, l.Out, size, ratio)
		})
		in, size = l.Out, size/l.Stride
	}
	// The whole network against the same network with full convolutions:
	// the ratios of Table 4 (569 vs 4866 million mult-adds, 4.2 vs 29.3
	// million parameters), to the precision of its rounded entries
	// (±0.5M of 569 is ±0.1%; ±0.05M of 4.2 is ±1.2%).
	sep, std := analyze(t, MobileNet(1, 224, false)), analyze(t, MobileNet(1, 224, true))
	macs, params := float64(std.MACs)/float64(sep.MACs), float64(std.Params)/float64(sep.Params)
	assert.InEpsilon(t, 4866.0/569, macs, 0.002, "MACs ratio: got %.3f, want Table 4's 4866/569", macs)
	assert.InEpsilon(t, 29.3/4.2, params, 0.013, "params ratio: got %.3f, want Table 4's 29.3/4.2", params)
}

// TestMobileNetForward: mobilenet-v1-0.25 runs forward and backward at
// 64×64 (the resolution multiplier at its smallest; the pool is global).
func TestMobileNetForward(t *testing.T) {
	m := MobileNet(0.25, 224, false)
	nn.InitParams(m.Net, nn.NewRNG(1))
	x := nn.NewTensor(2, 3, 64, 64)
	for i := range x.Data {
		x.Data[i] = float32(math.Sin(float64(i)))
	}
	y, err := nn.Run(m.Net, &nn.Ctx{Train: true, Rng: nn.NewRNG(2)}, x)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 1000}, y.Shape)
	assert.Equal(t, x.Shape, m.Net.Backward(nn.ZerosLike(y)).Shape)
}
