package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

type benchShape struct {
	name    string
	m, n, k int
}

var benchShapes = []benchShape{
	{"64", 64, 64, 64},
	{"256", 256, 256, 256},
	{"512", 512, 512, 512},
	{"1024", 1024, 1024, 1024},
	// One 3×3 convolution of a 64-channel 56×56 image with 64 filters,
	// via im2col: W (64×576) · col (576×3136).
	{"conv_m64_n3136_k576", 64, 3136, 576},
}

func benchGemm(b *testing.B, f func(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int), transA, transB bool, m, n, k int) {
	rng := rand.New(rand.NewPCG(1, 1))
	rnd := func(l int) []float32 {
		x := make([]float32, l)
		for i := range x {
			x[i] = 2*rng.Float32() - 1
		}
		return x
	}
	a, bm, c := rnd(m*k), rnd(k*n), rnd(m*n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	b.ResetTimer()
	for b.Loop() {
		f(transA, transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n)
	}
	flops := 2 * float64(m) * float64(n) * float64(k) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkSgemm measures Sgemm (NN) on square and conv-shaped products
// with each micro-kernel side by side (BenchmarkSgemm/1024/avx512,
// /avx2 and /generic) and gonum's blas32.Gemm (/gonum, pure Go: what a Go
// user would reach for), plus SgemmRef at one small size for the ratio. bench/torch_gemm.py prints PyTorch's numbers for the same sizes
// in the same format.
func BenchmarkSgemm(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			forEachKernelBench(b, func(b *testing.B) { benchGemm(b, Sgemm, false, false, s.m, s.n, s.k) })
			b.Run("gonum", func(b *testing.B) { benchGemm(b, gonumGemm, false, false, s.m, s.n, s.k) })
		})
	}
	b.Run("Ref/64", func(b *testing.B) { benchGemm(b, SgemmRef, false, false, 64, 64, 64) })
}

// forEachKernelBench runs f as the sub-benchmarks "avx512", "avx2" and
// "generic", each with that micro-kernel selected. (Before the AVX-512
// kernel, "avx2" was called "asm".)
func forEachKernelBench(b *testing.B, f func(b *testing.B)) {
	for _, kc := range kernelChoices {
		b.Run(kc.name, func(b *testing.B) {
			if !available(kc.k) {
				b.Skipf("no %s kernel in this build or on this CPU", kc.name)
			}
			withKernel(kc.k, func() { f(b) })
		})
	}
}

// BenchmarkSgemmTrans measures the transposed variants on the conv shapes
// the nn layers use: backward-data (Wᵀ·dY) and backward-weights (dY·colᵀ).
func BenchmarkSgemmTrans(b *testing.B) {
	for _, tr := range transCombos {
		name := fmt.Sprintf("tA=%v,tB=%v", tr[0], tr[1])
		b.Run(name+"/256", func(b *testing.B) { benchGemm(b, Sgemm, tr[0], tr[1], 256, 256, 256) })
	}
	b.Run("bwdData_m576_n3136_k64_tA", func(b *testing.B) { benchGemm(b, Sgemm, true, false, 576, 3136, 64) })
	b.Run("bwdWeights_m64_n576_k3136_tB", func(b *testing.B) { benchGemm(b, Sgemm, false, true, 64, 576, 3136) })
}

// BenchmarkKernel measures each micro-kernel alone on L1-resident
// slivers (k = kc): the ceiling for Sgemm on one core. The sub-benchmarks
// fma_peak and fma_peak512 are loops of independent VFMADD231PS on YMM
// and ZMM registers with no loads, the FMA ports' ceilings, so
// avx2/fma_peak and avx512/fma_peak512 are the kernels' efficiencies,
// measured in one run; fma_peak_all and fma_peak512_all run those loops
// on every core at once (b.RunParallel), the machine's ceiling for Sgemm.
func BenchmarkKernel(b *testing.B) {
	forEachKernelBench(b, func(b *testing.B) {
		a := make([]float32, kc*mr)
		bb := make([]float32, kc*nr)
		for i := range a {
			a[i] = 0.5
		}
		for i := range bb {
			bb[i] = 0.25
		}
		c := make([]float32, mr*nr)
		for b.Loop() {
			kernel(kc, 1, a, bb, 0, c, nr)
		}
		b.ReportMetric(2*float64(mr*nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
	const k = 256
	for _, p := range []struct {
		name  string
		ok    bool
		flops float64 // per step
		f     func(int)
	}{
		{"fma_peak", cpuAVX2, 192, fmaPeakAsm},
		{"fma_peak512", cpuAVX512, 384, fmaPeak512Asm},
	} {
		b.Run(p.name, func(b *testing.B) {
			if !p.ok {
				b.Skip("not on this CPU or build")
			}
			for b.Loop() {
				p.f(k)
			}
			b.ReportMetric(p.flops*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(p.name+"_all", func(b *testing.B) {
			if !p.ok {
				b.Skip("not on this CPU or build")
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					p.f(k)
				}
			})
			b.ReportMetric(p.flops*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
