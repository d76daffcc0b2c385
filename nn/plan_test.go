package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// randomBN gives a BatchNorm2D non-trivial running statistics and affine
// parameters, so that folding it into a convolution changes the weights.
func randomBN(bn *BatchNorm2D, rng *rand.Rand) {
	for c := range bn.C {
		bn.RunningMean.Data[c] = float32(rng.NormFloat64() * 0.3)
		bn.RunningVar.Data[c] = float32(0.5 + rng.Float64())
		bn.Weight.Data[c] = float32(0.5 + rng.Float64())
		bn.Bias.Data[c] = float32(rng.NormFloat64() * 0.2)
	}
}

func randTensor(rng *rand.Rand, shape ...int) *Tensor {
	x := NewTensor(shape...)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	return x
}

// maxAbsDiff returns max|a−b| and max|b|.
func maxAbsDiff(a, b []float32) (d, ref float64) {
	for i := range b {
		d = max(d, math.Abs(float64(a[i])-float64(b[i])))
		ref = max(ref, math.Abs(float64(b[i])))
	}
	return d, ref
}

// planTestNet has every op an inference plan compiles (conv with folded
// BN and fused ReLU, a 1×1 conv, max-pool, residual blocks with a
// projection and an identity shortcut, BN on its own, adaptive pool,
// flatten, dropout, linear with fused ReLU) and one fallback (LRN).
func planTestNet(rng *rand.Rand) Module {
	bn1, bn2, bn3, bn4, bn5 := NewBatchNorm2D("bn1", 8), NewBatchNorm2D("bn2", 8), NewBatchNorm2D("bn3", 12), NewBatchNorm2D("bn4", 12), NewBatchNorm2D("bn5", 12)
	block := NewResidual("block",
		Seq("", NewConv2D("c1", 8, 12, 3, Stride(2), Pad(1), NoBias()), bn3, NewReLU("r"), NewConv2D("c2", 12, 12, 3, Pad(1))),
		Seq("down", NewConv2D("c", 8, 12, 1, Stride(2), NoBias()), bn4),
		NewReLU("after"))
	ident := NewResidual("ident", Seq("", NewConv2D("c", 12, 12, 1), NewReLU("r"), NewConv2D("d", 12, 12, 3, Pad(1))), nil, nil)
	net := Seq("net",
		Seq("stem", NewConv2D("conv", 3, 8, 3, Pad(1)), bn1, NewReLU("relu")),
		NewMaxPool2D("pool", 3, Stride(2), Pad(1)),
		NewConv2D("pw", 8, 8, 1), bn2, // 1×1: one GEMM, no copy
		NewLRN("lrn"), // fallback
		block, ident, bn5, NewReLU("r5"),
		NewAdaptiveAvgPool2D("gap", 1, 1), NewFlatten("flat"), NewDropout("drop", 0.5),
		NewLinear("fc1", 12, 7), NewReLU("r6"), NewLinear("fc2", 7, 4))
	InitParams(net, rng)
	for _, bn := range []*BatchNorm2D{bn1, bn2, bn3, bn4, bn5} {
		randomBN(bn, rng)
	}
	return net
}

// TestPlanForward compares an inference plan with Run on a network that
// uses every op, at one and two cores (the batch split), within the
// issue's bound on logits: 1e-4 × max|ref|.
func TestPlanForward(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := planTestNet(rng)
	for _, n := range []int{1, 5} {
		testPlanForward(t, net, randTensor(rng, n, 3, 17, 15))
	}
}

// TestPlanParallel: an Inception-shaped module (1×1, 1×1→3×3 and
// pool→1×1 branches with BatchNorm, a 3×3 stride-1 max-pool, and the
// identity) runs in an inference plan with no fallback and gives
// Forward's output.
func TestPlanParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	cbr := func(name string, in, out, k int, opts ...Opt) Module {
		bn := NewBatchNorm2D("bn", out)
		return Seq(name, NewConv2D("conv", in, out, k, append(opts, NoBias())...), bn, NewReLU("relu"))
	}
	incep := NewParallel("incep", JoinConcat,
		cbr("b1", 8, 4, 1),
		Seq("b2", cbr("a", 8, 3, 1), cbr("b", 3, 5, 3, Pad(1))),
		Seq("b3", NewMaxPool2D("pool", 3, Stride(1), Pad(1)), cbr("c", 8, 2, 1)),
		Seq("b4"))
	net := Seq("net", cbr("stem", 3, 8, 3, Pad(1)), incep, NewMaxPool2D("pool", 3, Stride(2), CeilMode()),
		NewGlobalAvgPool("gap"), NewFlatten("flat"), NewLinear("fc", 19, 4))
	InitParams(net, rng)
	Walk(net, func(_ string, m Module) {
		if bn, ok := m.(*BatchNorm2D); ok {
			randomBN(bn, rng)
		}
	})
	p, err := NewPlan(net, Shape{3, 17, 15}, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if k := fallbacks(p.ops); k != 0 {
		t.Fatalf("%d fallbacks in the plan", k)
	}
	for _, n := range []int{1, 3} {
		testPlanForward(t, net, randTensor(rng, n, 3, 17, 15))
	}
}

func testPlanForward(t *testing.T, net Module, x *Tensor) {
	want, err := Run(net, nil, x)
	if err != nil {
		t.Fatal(err)
	}
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		p, err := NewPlan(net, Shape{3, 17, 15}, x.Shape[0], false)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second call reuses every buffer
			got := p.Forward(x)
			if !Shape(got.Shape).Equal(want.Shape) {
				t.Fatalf("procs %d: shape %v, want %v", procs, got.Shape, want.Shape)
			}
			if d, ref := maxAbsDiff(got.Data, want.Data); d > 1e-4*ref {
				t.Errorf("procs %d: max|plan − Forward| = %g > 1e-4 × %g", procs, d, ref)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// planTrainNet is a small LeNet-shaped network: everything a training
// plan compiles (conv + fused ReLU, max-pool, flatten, linear + fused
// ReLU, a bare ReLU, an adaptive pool).
func planTrainNet(rng *rand.Rand) Module {
	net := Seq("net",
		Seq("C1", NewConv2D("", 2, 6, 5), NewReLU("f")),
		NewMaxPool2D("S2", 2),
		Seq("C3", NewConv2D("", 6, 10, 3, Pad(1)), NewReLU("f")),
		NewAdaptiveAvgPool2D("gap", 3, 3),
		NewConv2D("pw", 10, 8, 1), NewReLU("f"),
		NewFlatten("flatten"),
		Seq("F6", NewLinear("", 72, 20), NewReLU("f")),
		NewReLU("again"),
		NewLinear("OUT", 20, 5))
	InitParams(net, rng)
	return net
}

// planResTrainNet is a CIFAR-ResNet-shaped network: conv + BN + ReLU,
// residual blocks with identity, option-A (zero-pad) and projection
// shortcuts, BN in training, global pool and a linear head.
func planResTrainNet(rng *rand.Rand) Module {
	block := func(in, out, stride int, short Module) *Residual {
		return NewResidual("b", Seq("",
			NewConv2D("c1", in, out, 3, Stride(stride), Pad(1), NoBias()), NewBatchNorm2D("bn1", out), NewReLU("r"),
			NewConv2D("c2", out, out, 3, Pad(1), NoBias()), NewBatchNorm2D("bn2", out)), short, NewReLU("after"))
	}
	net := Seq("net",
		NewConv2D("conv1", 2, 4, 3, Pad(1), NoBias()), NewBatchNorm2D("bn1", 4), NewReLU("relu"),
		block(4, 4, 1, nil),
		block(4, 6, 2, NewZeroPadShortcut("down", 4, 6, 2)),
		block(6, 8, 2, Seq("down", NewConv2D("0", 6, 8, 1, Stride(2), NoBias()), NewBatchNorm2D("1", 8))),
		NewGlobalAvgPool("gap"), NewFlatten("flat"), NewLinear("fc", 8, 5))
	InitParams(net, rng)
	return net
}

// TestPlanStep compares a training plan's loss and gradients with
// Forward, SoftmaxCrossEntropy and Backward, on one core and with the
// batch split over several, for a LeNet-shaped and a ResNet-shaped net.
func TestPlanStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	testPlanStep(t, rng, planTrainNet(rng))
	testPlanStep(t, rng, planResTrainNet(rng))
	old, oldChunk := maxCachedCol, colChunk
	defer func() { maxCachedCol, colChunk = old, oldChunk }()
	maxCachedCol = 0 // every conv recomputes its columns in backward
	testPlanStep(t, rng, planTrainNet(rng))
	testPlanStep(t, rng, planResTrainNet(rng))
	// Chunks of one image (GEMMs straight into the output, dy masked in
	// place) and of a few (C1's 18×400 columns: 3 images, the last chunk
	// of a part shorter), cached and not.
	for _, chunk := range []int{1, 3 * 18 * 400} {
		colChunk = chunk
		for _, cache := range []int{0, old} {
			maxCachedCol = cache
			testPlanStep(t, rng, planTrainNet(rng))
			testPlanStep(t, rng, planResTrainNet(rng))
		}
	}
}

// fallbacks counts the ops of a plan that run a module's own code.
func fallbacks(ops []planOp) int {
	k := 0
	for _, op := range ops {
		switch o := op.(type) {
		case *fallbackOp:
			k++
		case *residualOp:
			k += fallbacks(o.short) + fallbacks(o.branch)
		case *parallelOp:
			for _, b := range o.branches {
				k += fallbacks(b)
			}
		}
	}
	return k
}

func testPlanStep(t *testing.T, rng *rand.Rand, net Module) {
	const n = 7
	x := randTensor(rng, n, 2, 20, 20)
	if p, err := NewPlan(net, Shape{2, 20, 20}, n, true); err != nil || fallbacks(p.ops) != 0 {
		t.Fatalf("%s: training plan with fallbacks (err %v)", net.Name(), err)
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(5)
	}
	ZeroGrad(net)
	y := net.Forward(&Ctx{Train: true}, x)
	wantLoss, dy, err := SoftmaxCrossEntropy(y, labels)
	if err != nil {
		t.Fatal(err)
	}
	net.Backward(dy)
	params := AllParams(net)
	want := make([][]float32, len(params))
	for i, p := range params {
		want[i] = append([]float32(nil), p.Grad...)
	}
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		p, err := NewPlan(net, Shape{2, 20, 20}, n, true)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			loss, err := p.Step(x, labels)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(loss-wantLoss) > 1e-5*math.Abs(wantLoss) {
				t.Errorf("procs %d: loss %g, want %g", procs, loss, wantLoss)
			}
			for i, q := range params {
				if d, ref := maxAbsDiff(q.Grad, want[i]); d > 1e-4*ref {
					t.Errorf("procs %d: %s: max|plan − Backward| = %g > 1e-4 × %g", procs, q.Key, d, ref)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestPlanAllocs: after the first call, neither an inference plan nor a
// training step (plan Step and SGD Step) allocates.
func TestPlanAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	net := planTrainNet(rng)
	x := randTensor(rng, 8, 2, 20, 20)
	labels := []int{0, 1, 2, 3, 4, 0, 1, 2}
	p, err := NewPlan(net, Shape{2, 20, 20}, 8, true)
	if err != nil {
		t.Fatal(err)
	}
	opt := NewSGD(net, 0.01, 0.9, 5e-4)
	step := func() {
		if _, err := p.Step(x, labels); err != nil {
			t.Fatal(err)
		}
		opt.Step()
	}
	if a := testing.AllocsPerRun(5, step); a != 0 {
		t.Errorf("training step: %g allocations per run, want 0", a)
	}
	// A BatchNorm net: the parts meet at barriers, still no allocation.
	rnet := planResTrainNet(rng)
	rp, err := NewPlan(rnet, Shape{2, 20, 20}, 8, true)
	if err != nil {
		t.Fatal(err)
	}
	ropt := NewSGD(rnet, 0.01, 0.9, 5e-4)
	rstep := func() {
		if _, err := rp.Step(x, labels); err != nil {
			t.Fatal(err)
		}
		ropt.Step()
	}
	if a := testing.AllocsPerRun(5, rstep); a != 0 {
		t.Errorf("BatchNorm net training step: %g allocations per run, want 0", a)
	}
	inf, err := NewPlan(net, Shape{2, 20, 20}, 8, false)
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(5, func() { inf.Forward(x) }); a != 0 {
		t.Errorf("inference plan: %g allocations per run, want 0", a)
	}
}

// TestPlanErrors: a plan refuses what it was not built for.
func TestPlanErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	net := planTrainNet(rng)
	if _, err := NewPlan(net, Shape{3, 20, 20}, 2, false); err == nil {
		t.Error("NewPlan accepted 3 channels for a 2-channel net")
	}
	p, err := NewPlan(net, Shape{2, 20, 20}, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Step(randTensor(rng, 2, 2, 20, 20), []int{0, 5}); err == nil {
		t.Error("Step accepted label 5 of 5 classes")
	}
	inf, _ := NewPlan(net, Shape{2, 20, 20}, 2, false)
	if _, err := inf.Step(randTensor(rng, 2, 2, 20, 20), []int{0, 1}); err == nil {
		t.Error("Step ran on an inference plan")
	}

	// A batch of the wrong shape: Step returns, and Forward panics with,
	// the typed *ShapeError naming the model and both shapes (as a
	// layer's Forward does, so nn.Run-style callers recognise it by type).
	want := "nn: " + net.Name() + ": the plan was built for batches of 2 × 2×20×20, got input 2×2×20×21"
	bad := randTensor(rng, 2, 2, 20, 21)
	_, err = p.Step(bad, []int{0, 1})
	var se *ShapeError
	if !errors.As(err, &se) || err.Error() != want {
		t.Errorf("Step on a (2, 2, 20, 21) batch: error %v (%T), want *ShapeError %q", err, err, want)
	}
	func() {
		defer func() {
			r := recover()
			if e, ok := r.(*ShapeError); !ok || e.Error() != want {
				t.Errorf("Forward on a (2, 2, 20, 21) batch panicked with %v (%T), want *ShapeError %q", r, r, want)
			}
		}()
		inf.Forward(bad)
	}()
}

// TestPlanPartPanics: when one part of a split batch panics, the others
// do not wait for it at a BatchNorm barrier forever: Step re-panics.
func TestPlanPartPanics(t *testing.T) {
	old := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(old)
	rng := rand.New(rand.NewPCG(11, 12))
	net := planResTrainNet(rng)
	p, err := NewPlan(net, Shape{2, 20, 20}, 4, true)
	if err != nil {
		t.Fatal(err)
	}
	x := randTensor(rng, 4, 2, 20, 20)
	labels := []int{0, 1, 2, 3}
	if _, err := p.Step(x, labels); err != nil {
		t.Fatal(err)
	}
	if len(p.split(p.workers())) != 2 {
		t.Skip("the batch is not split")
	}
	p.split(p.workers())[1].act[1] = nil // part 1's first conv output: an index panic before the first barrier
	done := make(chan any)
	go func() {
		defer func() { done <- recover() }()
		p.Step(x, labels)
	}()
	select {
	case r := <-done:
		if r == nil {
			t.Fatal("Step with a broken part returned normally")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Step hung: a part waited at a barrier for a part that had panicked")
	}
}

// TestPlanBatchNormOffset: a training plan's BatchNorm stays accurate
// when the channels' means are far larger than their spreads: a 1×1
// conv with bias 10 on inputs of ±0.01 gives BatchNorm |μ|/σ near 10³.
// The plan sums Σx and Σx² in one pass, so E[x²] − μ² must be taken in
// float64 (in float32 it would be off by about 10%), and it works from
// x, μ and 1/σ with no stored x̂; its gradients are compared with the
// module path's, which computes x̂ in float64. (Much larger |μ|/σ is not
// a fair test: the float32 activations themselves then carry only a few
// digits of x − μ, in both paths. A gradient that is zero up to rounding,
// a bias before a BatchNorm, needs the absolute floor.)
func TestPlanBatchNormOffset(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pw := NewConv2D("pw", 2, 4, 1)
	net := Seq("net", pw, NewBatchNorm2D("bn", 4), NewReLU("r"),
		NewConv2D("c", 4, 6, 3, Pad(1)), NewBatchNorm2D("bn2", 6), NewReLU("r2"),
		NewGlobalAvgPool("gap"), NewFlatten("flat"), NewLinear("fc", 6, 5))
	InitParams(net, rng)
	for i := range pw.Bias.Data {
		pw.Bias.Data[i] = 10
	}
	const n = 4
	x := randTensor(rng, n, 2, 20, 20)
	for i := range x.Data {
		x.Data[i] *= 0.01
	}
	labels := []int{0, 1, 2, 3}
	ZeroGrad(net)
	y := net.Forward(&Ctx{Train: true}, x)
	_, dy, err := SoftmaxCrossEntropy(y, labels)
	if err != nil {
		t.Fatal(err)
	}
	net.Backward(dy)
	params := AllParams(net)
	want := make([][]float32, len(params))
	for i, q := range params {
		want[i] = append([]float32(nil), q.Grad...)
	}
	p, err := NewPlan(net, Shape{2, 20, 20}, n, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Step(x, labels); err != nil {
		t.Fatal(err)
	}
	for i, q := range params {
		if d, ref := maxAbsDiff(q.Grad, want[i]); d > 1e-3*ref+1e-6 {
			t.Errorf("%s: max|plan − Backward| = %g > 1e-3 × %g + 1e-6", q.Key, d, ref)
		}
	}
}
