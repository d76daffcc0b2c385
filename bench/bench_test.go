// Package bench holds the Go side of bench/run: the whole-model
// benchmarks (forward passes, training steps) that bench/torch_bench.py
// mirrors in PyTorch, and the zero-allocation tests of the fast paths on
// the book's models. The GEMM and layer benchmarks live beside their code
// (nn/internal/gemm, nn).
package bench

import (
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
)

// build returns the registered model name with random weights (the
// benchmarks time arithmetic, not accuracy).
func build(tb testing.TB, name string) *nn.Model {
	tb.Helper()
	e, err := all.Lookup(name)
	if err != nil {
		tb.Fatal(err)
	}
	m := e.Build()
	nn.InitParams(m.Net, rand.New(rand.NewPCG(1, 2)))
	return m
}

func randInput(rng *rand.Rand, n int, s nn.Shape) *nn.Tensor {
	x := nn.NewTensor(append([]int{n}, s...)...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// forwardModels are BenchmarkForward's models, batch 1 at 224×224.
var forwardModels = []string{"alexnet-tv", "vgg16", "googlenet-tv", "resnet50-tv", "mobilenet-v1"}

// BenchmarkForward times one inference pass of batch 1 at the model's
// input size: "plan" through an inference plan (nn.Plan: BatchNorm
// folded, ReLU fused, no allocation), "forward" through Module.Forward.
func BenchmarkForward(b *testing.B) {
	for _, name := range forwardModels {
		b.Run(name, func(b *testing.B) {
			m := build(b, name)
			x := randInput(rand.New(rand.NewPCG(3, 4)), 1, m.Input)
			b.Run("plan", func(b *testing.B) {
				p, err := nn.NewPlan(m.Net, m.Input, 1, false)
				if err != nil {
					b.Fatal(err)
				}
				p.Forward(x)
				for b.Loop() {
					p.Forward(x)
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/img")
			})
			b.Run("forward", func(b *testing.B) {
				for b.Loop() {
					m.Net.Forward(nn.Eval, x)
				}
			})
		})
	}
}

// lenetBatch is the batch of BenchmarkLeNet5TrainStep, as in the issue
// (and bench/torch_bench.py).
const lenetBatch = 64

// lenetData is a batch of random 1×32×32 images and labels.
func lenetData(n int) (*nn.Tensor, []int) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := randInput(rng, n, nn.Shape{1, 32, 32})
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	return x, labels
}

// BenchmarkLeNet5TrainStep times one training step of lenet5 (ReLU,
// max-pool) on 64 images: forward, softmax cross-entropy, backward and
// an SGD step with momentum 0.9 and weight decay 5e-4. "plan" is the
// training plan (nn.Plan.Step: no allocation, fused conv+bias+ReLU,
// pooling with switches, the batch split over the cores), "module" the
// Forward/SoftmaxCrossEntropy/Backward path the trainer used before.
func BenchmarkLeNet5TrainStep(b *testing.B) {
	x, labels := lenetData(lenetBatch)
	b.Run("plan", func(b *testing.B) {
		m := build(b, "lenet5")
		p, err := nn.NewPlan(m.Net, m.Input, lenetBatch, true)
		if err != nil {
			b.Fatal(err)
		}
		opt := nn.NewSGD(m.Net, 0.01, 0.9, 5e-4)
		p.Step(x, labels) // the first step allocates the plan's memory
		for b.Loop() {
			if _, err := p.Step(x, labels); err != nil {
				b.Fatal(err)
			}
			opt.Step()
		}
		b.ReportMetric(lenetBatch*float64(b.N)/b.Elapsed().Seconds(), "img/s")
	})
	b.Run("module", func(b *testing.B) {
		m := build(b, "lenet5")
		opt := nn.NewSGD(m.Net, 0.01, 0.9, 5e-4)
		ctx := &nn.Ctx{Train: true}
		for b.Loop() {
			moduleStep(b, m.Net, ctx, x, labels)
			opt.Step()
		}
		b.ReportMetric(lenetBatch*float64(b.N)/b.Elapsed().Seconds(), "img/s")
	})
}

// moduleStep is one step's gradient through Module.Forward and Backward.
func moduleStep(tb testing.TB, net nn.Module, ctx *nn.Ctx, x *nn.Tensor, labels []int) {
	nn.ZeroGrad(net)
	y := net.Forward(ctx, x)
	_, dy, err := nn.SoftmaxCrossEntropy(y, labels)
	if err != nil {
		tb.Fatal(err)
	}
	net.Backward(dy)
}

// BenchmarkTrainStep times one training step (forward, loss, backward,
// SGD with momentum 0.9 and weight decay 1e-4) of a CIFAR-sized network
// on 128 images of 3×32×32, through a training plan (BatchNorm with
// batch statistics, residual blocks with option-A shortcuts: the batch
// stays on one part and the GEMMs split inside).
func BenchmarkTrainStep(b *testing.B) {
	const n = 128
	b.Run("resnet20", func(b *testing.B) {
		m := build(b, "resnet20")
		rng := rand.New(rand.NewPCG(7, 8))
		x := randInput(rng, n, m.Input)
		labels := make([]int, n)
		for i := range labels {
			labels[i] = rng.IntN(10)
		}
		p, err := nn.NewPlan(m.Net, m.Input, n, true)
		if err != nil {
			b.Fatal(err)
		}
		opt := nn.NewSGD(m.Net, 0.1, 0.9, 1e-4)
		p.Step(x, labels) // the first step allocates the plan's memory
		for b.Loop() {
			if _, err := p.Step(x, labels); err != nil {
				b.Fatal(err)
			}
			opt.Step()
		}
		b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "img/s")
	})
}
