package variants

import (
	"fmt"
	"testing"
	"time"

	"github.com/cnnbook/cnnbook/nn"
)

// BenchmarkSeparable measures, on this CPU, a standard 3×3 convolution
// against the depthwise-separable pair that replaces it (3×3 depthwise
// then 1×1 pointwise) at three layers of MobileNet v1 (Table 1: conv2 reads
// 64 channels at 112×112 with stride 2, conv8 512 at 14×14, conv13 1024
// at 7×7), batch 1, forward in eval. For each layer it times the two
// forms on their own (ns/op and GMAC/s of each) and then alternately in
// one loop ("speedup"), which reports
//
//	counted-x:  standard MACs / separable MACs = 1 / (1/N + 1/D_K²)
//	measured-x: standard time / separable time, on this machine
//
// The two differ because the kernels use the machine differently: the
// depthwise conv does 9 MACs per output with little data reuse and runs
// at a fraction of the speed of the pointwise conv's GEMM.
//
//	go test -run '^$' -bench Separable ./chapters/variants/
func BenchmarkSeparable(b *testing.B) {
	for _, l := range []struct {
		name           string
		m, n, size, st int
	}{
		{"conv2_64x112s2", 64, 128, 112, 2},
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
		macs := map[string]int64{}
		for _, c := range []struct {
			kind string
			m    nn.Module
		}{{"standard", std}, {"separable", sep}} {
			r, err := nn.Analyze(c.m, nn.Shape{l.m, l.size, l.size})
			if err != nil {
				b.Fatal(err)
			}
			macs[c.kind] = r.MACs
			b.Run(fmt.Sprintf("%s/%s", l.name, c.kind), func(b *testing.B) {
				b.ReportMetric(float64(r.MACs), "MACs/op")
				for i := 0; i < b.N; i++ {
					c.m.Forward(nn.Eval, x)
				}
				b.ReportMetric(float64(r.MACs)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
			})
		}
		b.Run(l.name+"/speedup", func(b *testing.B) {
			var tStd, tSep time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				std.Forward(nn.Eval, x)
				t1 := time.Now()
				sep.Forward(nn.Eval, x)
				tStd, tSep = tStd+t1.Sub(t0), tSep+time.Since(t1)
			}
			b.ReportMetric(float64(macs["standard"])/float64(macs["separable"]), "counted-x")
			b.ReportMetric(float64(tStd)/float64(tSep), "measured-x")
		})
	}
}
