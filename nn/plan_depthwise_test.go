package nn

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// planDepthwiseNet is MobileNet-shaped: depthwise 3×3 convolutions of
// stride 1 and 2 with BatchNorm and ReLU after them, one with a bias and
// no BatchNorm, one without ReLU, and depthwise convolutions the direct
// kernel does not take (5×5, dilation 2), all between pointwise ones.
func planDepthwiseNet(rng *rand.Rand) Module {
	var bns []*BatchNorm2D
	bn := func(name string, c int) *BatchNorm2D {
		b := NewBatchNorm2D(name, c)
		bns = append(bns, b)
		return b
	}
	dw := func(name string, c, k int, opts ...Opt) *Conv2D {
		return NewConv2D(name, c, c, k, append(opts, Groups(c))...)
	}
	net := Seq("net",
		NewConv2D("stem", 3, 8, 3, Stride(2), Pad(1), NoBias()), bn("bn0", 8), NewReLU("r0"),
		dw("dw1", 8, 3, Pad(1), NoBias()), bn("bn1", 8), NewReLU("r1"),
		NewConv2D("pw1", 8, 16, 1, NoBias()), bn("bn2", 16), NewReLU("r2"),
		dw("dw2", 16, 3, Stride(2), Pad(1), NoBias()), bn("bn3", 16), NewReLU("r3"),
		dw("dw3", 16, 3, Pad(1)), NewReLU("r4"), // bias, no BatchNorm
		dw("dw4", 16, 3, Stride(2), Pad(1)), bn("bn4", 16), // no ReLU
		dw("dw5", 16, 5, Pad(2)), NewReLU("r5"), // 5×5: the generic loops
		dw("dw6", 16, 3, Pad(2), Dilation(2), NoBias()), bn("bn5", 16),
		NewAdaptiveAvgPool2D("gap", 1, 1), NewFlatten("flat"), NewLinear("fc", 16, 5))
	InitParams(net, rng)
	for _, b := range bns {
		randomBN(b, rng)
	}
	return net
}

// TestPlanDepthwise compares an inference plan of planDepthwiseNet with
// Forward (1e-4 × max|ref| on the logits, at one and two cores, batch 1
// and 5), checks that the plan has no fallback, and that it allocates
// nothing after its first call.
func TestPlanDepthwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	net := planDepthwiseNet(rng)
	for _, grain := range []int{dwGrain, 1} { // 1: planes split over the cores
		old := dwGrain
		dwGrain = grain
		for _, n := range []int{1, 5} {
			testPlanForward(t, net, randTensor(rng, n, 3, 17, 15))
		}
		dwGrain = old
	}
	p, err := NewPlan(net, Shape{3, 17, 15}, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range p.ops {
		if f, ok := op.(*fallbackOp); ok {
			t.Errorf("%s runs through its module (fallback)", f.m.Name())
		}
	}
	x := randTensor(rng, 2, 3, 17, 15)
	p.Forward(x)
	if a := testing.AllocsPerRun(5, func() { p.Forward(x) }); a != 0 && !raceEnabled {
		t.Errorf("inference plan: %g allocations per run, want 0", a)
	}
}

// TestPlanWithoutAVX2 runs the inference-plan tests (depthwise kernel,
// packed weights, GEMM epilogue) again in a child process that asks for
// the AVX2 kernel on a CPU simulated to lack AVX2 (CNNBOOK_GEMM=avx2,
// CNNBOOK_GEMM_HIDE=avx2): the child must print gemm's one-line message
// and pass on the portable code, not crash with an illegal instruction.
func TestPlanWithoutAVX2(t *testing.T) {
	if testing.Short() {
		t.Skip("reruns tests in a child process")
	}
	if os.Getenv("CNNBOOK_EVERY_KERNEL_CHILD") != "" {
		t.Skip("in a child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^(TestPlanDepthwise|TestPlanForward|TestPlanMaxPool)$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "CNNBOOK_GEMM=avx2", "CNNBOOK_GEMM_HIDE=avx2", "CNNBOOK_EVERY_KERNEL_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	for _, want := range []string{"gemm: CNNBOOK_GEMM=avx2 asks for the AVX2 kernel, but ", "using the generic kernel instead", "--- PASS: TestPlanDepthwise"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
}
