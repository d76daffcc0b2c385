package nn

import (
	"testing"
)

// Convolution throughput, reported as GFLOP/s = 2·MACs per second (one
// multiply and one add per MAC; biases excluded, as in Analyze).
//
//	go test -run '^$' -bench Conv ./nn/
//
// The 3×3, 64→64, 56×56 shape is the body of ResNet's conv2_x stage (He
// et al. 2016, Table 1): 64·56·56·64·9 = 115,605,504 MACs per image.

type convBench struct {
	l    *Conv2D
	x    *Tensor
	macs int64
}

func newConvBench(b *testing.B, n, in, out, k, h int, opts ...Opt) convBench {
	b.Helper()
	l := NewConv2D("conv", in, out, k, opts...)
	initParams(l, 1)
	x := randInput(2, n, in, h, h)
	r, err := Analyze(l, x.Sample())
	if err != nil {
		b.Fatal(err)
	}
	return convBench{l: l, x: x, macs: int64(n) * r.MACs}
}

func reportGFLOPs(b *testing.B, flopsPerOp int64) {
	b.ReportMetric(float64(flopsPerOp)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkConv3x3_64x56(b *testing.B) {
	cb := newConvBench(b, 1, 64, 64, 3, 56, Pad(1))
	cb.l.Forward(Eval, cb.x) // allocate the scratch buffers
	b.ResetTimer()
	for b.Loop() {
		cb.l.Forward(Eval, cb.x)
	}
	reportGFLOPs(b, 2*cb.macs)
}

// The nested-loop reference at the same shape, for the speed-up ratio.
func BenchmarkConv3x3_64x56Reference(b *testing.B) {
	cb := newConvBench(b, 1, 64, 64, 3, 56, Pad(1))
	for b.Loop() {
		Conv2DReference(cb.l, cb.x, cb.l.Weight.Data, cb.l.Bias.Data)
	}
	reportGFLOPs(b, 2*cb.macs)
}

// Backward does twice the forward's work: dW (one GEMM) and dx (one GEMM
// + col2im), plus an im2col to rebuild the columns.
func BenchmarkConv3x3_64x56Backward(b *testing.B) {
	cb := newConvBench(b, 1, 64, 64, 3, 56, Pad(1))
	y := cb.l.Forward(Eval, cb.x)
	dy := randInput(3, y.Shape...)
	cb.l.Backward(dy)
	b.ResetTimer()
	for b.Loop() {
		cb.l.Backward(dy)
	}
	reportGFLOPs(b, 4*cb.macs)
}

// A batch of 8 runs the images in parallel chunks.
func BenchmarkConv3x3_64x56Batch8(b *testing.B) {
	cb := newConvBench(b, 8, 64, 64, 3, 56, Pad(1))
	cb.l.Forward(Eval, cb.x)
	b.ResetTimer()
	for b.Loop() {
		cb.l.Forward(Eval, cb.x)
	}
	reportGFLOPs(b, 2*cb.macs)
}

// AlexNet conv1 (Krizhevsky et al. 2012 §3.5: "96 kernels of size
// 11×11×3 with a stride of 4 pixels"), on the 227×227 input that makes
// the arithmetic work: 105,415,200 MACs.
func BenchmarkConvAlexNetConv1(b *testing.B) {
	cb := newConvBench(b, 1, 3, 96, 11, 227, Stride(4))
	cb.l.Forward(Eval, cb.x)
	b.ResetTimer()
	for b.Loop() {
		cb.l.Forward(Eval, cb.x)
	}
	reportGFLOPs(b, 2*cb.macs)
}

// A 1×1 conv skips im2col: the input plane is the column matrix
// (ResNet-50's conv2_x reduce, 256→64 on 56×56).
func BenchmarkConv1x1_256x56(b *testing.B) {
	cb := newConvBench(b, 1, 256, 64, 1, 56)
	cb.l.Forward(Eval, cb.x)
	b.ResetTimer()
	for b.Loop() {
		cb.l.Forward(Eval, cb.x)
	}
	reportGFLOPs(b, 2*cb.macs)
}

// Depthwise 3×3 (MobileNet): 64 tiny GEMMs per image.
func BenchmarkConvDepthwise3x3_64x56(b *testing.B) {
	cb := newConvBench(b, 1, 64, 64, 3, 56, Pad(1), Groups(64))
	cb.l.Forward(Eval, cb.x)
	b.ResetTimer()
	for b.Loop() {
		cb.l.Forward(Eval, cb.x)
	}
	reportGFLOPs(b, 2*cb.macs)
}

func BenchmarkMaxPool3x3s2_64x112(b *testing.B) {
	l := NewMaxPool2D("pool", 3, Stride(2), Pad(1))
	x := randInput(1, 1, 64, 112, 112)
	for b.Loop() {
		l.Forward(Eval, x)
	}
}
