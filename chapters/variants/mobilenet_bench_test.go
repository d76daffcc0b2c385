package variants

import (
	"fmt"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// BenchmarkSeparable measures, on this CPU, a standard 3×3 convolution
// against the depthwise-separable pair that replaces it (3×3 depthwise
// then 1×1 pointwise) at three MobileNet layers, batch 1, forward in
// eval. The counted MACs say 1/N + 1/9 of the work (conv2: 0.127,
// conv8: 0.113, conv13: 0.112); the measured ratio of the ns/op is what
// the hardware makes of it — the depthwise conv does 9 MACs per output
// with little reuse, so it runs at a fraction of the GEMM's speed.
//
//	go test -run '^$' -bench Separable ./chapters/variants/
func BenchmarkSeparable(b *testing.B) {
	for _, l := range []struct {
		name           string
		m, n, size, st int
	}{
		{"conv2_64x56", 64, 128, 112, 2},
		{"conv8_512x14", 512, 512, 14, 1},
		{"conv13_1024x7", 1024, 1024, 7, 1},
	} {
		std := nn.NewConv2D("conv", l.m, l.n, 3, nn.Stride(l.st), nn.Pad(1), nn.NoBias())
		sep := nn.Seq("sep",
			nn.NewConv2D("dw", l.m, l.m, 3, nn.Stride(l.st), nn.Pad(1), nn.Groups(l.m), nn.NoBias()),
			nn.NewConv2D("pw", l.m, l.n, 1, nn.NoBias()))
		rng := nn.NewRNG(1)
		nn.InitParams(std, rng)
		nn.InitParams(sep, rng)
		x := nn.NewTensor(1, l.m, l.size, l.size)
		for i := range x.Data {
			x.Data[i] = float32(rng.NormFloat64())
		}
		for _, c := range []struct {
			kind string
			m    nn.Module
		}{{"standard", std}, {"separable", sep}} {
			r, err := nn.Analyze(c.m, nn.Shape{l.m, l.size, l.size})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%s", l.name, c.kind), func(b *testing.B) {
				b.ReportMetric(float64(r.MACs), "MACs/op")
				for i := 0; i < b.N; i++ {
					c.m.Forward(nn.Eval, x)
				}
				b.ReportMetric(float64(r.MACs)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
			})
		}
	}
}
