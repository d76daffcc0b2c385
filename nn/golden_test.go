package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestGolden holds every layer to PyTorch 1.13: for each case of
// testdata/golden (written by testdata/gen_golden.py) it builds our layer
// with the same configuration, loads PyTorch's parameters, runs Forward
// (train or eval) and Backward(dy), and compares y, dx, every parameter
// gradient, the pool switches and the updated BatchNorm statistics under
//
//	max |ours − torch| ≤ 1e−5 · max |torch|   (goldenRelTol; see there why).
//
// It also checks the module contract PyTorch cannot see: static analysis
// predicts PyTorch's output shape, Backward leaves dy untouched, and a
// second Backward accumulates (+=) the parameter gradients.
//
//	go test ./nn -run 'TestGolden/maxpool2d' -v   # the worst ratio per case is logged
func TestGolden(t *testing.T) {
	cases := loadGolden(t)
	ran := 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.Layer.Type == "CrossEntropy" {
				goldenLoss(t, &c)
			} else {
				goldenLayerCase(t, &c)
			}
			if !t.Skipped() {
				ran++
			}
		})
	}
	// Every case of the file ran to its end: none skipped, none left out.
	if ran != len(cases) {
		t.Errorf("%d of the %d golden cases ran to the end", ran, len(cases))
	}
	t.Logf("%d golden cases against PyTorch", ran)
}

// goldenWindow turns the window fields into options; a stride left out
// of the file is left out here too (the pools' default, stride = kernel).
func goldenWindow(l goldenLayer) []Opt {
	var opts []Opt
	if l.KernelHW != nil {
		opts = append(opts, Kernel(l.KernelHW[0], l.KernelHW[1]))
	}
	switch {
	case l.StrideHW != nil:
		opts = append(opts, Stride2(l.StrideHW[0], l.StrideHW[1]))
	case l.Stride != 0:
		opts = append(opts, Stride(l.Stride))
	}
	if l.PadHW != nil {
		opts = append(opts, Pad2(l.PadHW[0], l.PadHW[1]))
	} else {
		opts = append(opts, Pad(l.Pad))
	}
	if l.Ceil {
		opts = append(opts, CeilMode())
	}
	return opts
}

// goldenModule builds our layer for a golden configuration.
func goldenModule(t *testing.T, l goldenLayer) Module {
	t.Helper()
	switch l.Type {
	case "Conv2D", "ConvTranspose2D":
		opts := append(goldenWindow(l), Dilation(l.Dilation), Groups(l.Groups))
		if !l.Bias {
			opts = append(opts, NoBias())
		}
		if l.Type == "Conv2D" {
			return NewConv2D(l.Type, l.In, l.Out, l.Kernel, opts...)
		}
		opts = append(opts, OutputPadding(l.OutputPadding))
		return NewConvTranspose2D(l.Type, l.In, l.Out, l.Kernel, opts...)
	case "MaxPool2D", "MaxUnpool2D":
		pool := NewMaxPool2D("pool", l.Kernel, goldenWindow(l)...)
		if l.Type == "MaxPool2D" {
			return pool
		}
		return NewMaxUnpool2D("unpool", pool, l.OutH, l.OutW)
	case "AvgPool2D":
		opts := goldenWindow(l)
		if !l.CountIncludePad {
			opts = append(opts, ExcludePad())
		}
		return NewAvgPool2D(l.Type, l.Kernel, opts...)
	case "AdaptiveAvgPool2D":
		return NewAdaptiveAvgPool2D(l.Type, l.OutH, l.OutW)
	case "LocalResponseNorm":
		return NewLocalResponseNorm(l.Type, l.Size, l.Alpha, l.Beta, l.K)
	case "LRN":
		return NewLRN(l.Type) // the paper's constants, AlexNet §3.3
	case "BatchNorm2D":
		return NewBatchNorm2D(l.Type, l.C)
	case "Linear":
		return NewLinear(l.Type, l.In, l.Out)
	case "ReLU":
		return NewReLU(l.Type)
	case "ReLU6":
		return NewReLU6(l.Type)
	case "Tanh":
		return NewTanh(l.Type)
	case "ScaledTanh":
		return NewScaledTanh(l.Type)
	}
	t.Fatalf("unknown golden layer type %q", l.Type)
	return nil
}

// goldenLayerCase runs one module case.
func goldenLayerCase(t *testing.T, c *goldenCase) {
	m := goldenModule(t, c.Layer)
	x := c.tensor(t, "x")
	wantY := c.Tensors["y"]

	// Static analysis must predict PyTorch's output shape.
	rep, err := Analyze(m, x.Sample())
	if err != nil {
		t.Fatalf("Analyze(%v): %v", x.Sample(), err)
	}
	if !rep.Output.Equal(Shape(wantY.Shape[1:])) {
		t.Errorf("Analyze: got output %v, want %v (PyTorch: %s)", rep.Output, Shape(wantY.Shape[1:]), c.Torch)
	}

	// Load PyTorch's parameters under our Param names; every tensor the
	// file names as a parameter must exist in our layer and vice versa.
	params := map[string]*Param{}
	for _, p := range m.Params() {
		params[p.Name] = p
		if !c.has(p.Name) {
			t.Fatalf("our %s has a %s that PyTorch's (%s) has not", c.Layer.Type, p.Name, c.Torch)
		}
		g := c.tensor(t, p.Name)
		if !Shape(p.Shape).Equal(Shape(g.Shape)) {
			t.Fatalf("%s: got shape %v, want %v (PyTorch)", p.Name, p.Shape, g.Shape)
		}
		p.Alloc()
		copy(p.Data, g.Data)
	}
	for _, k := range []string{"weight", "bias", "running_mean", "running_var"} {
		if c.has(k) && params[k] == nil {
			t.Fatalf("PyTorch's %s has a %s that our %s has not", c.Torch, k, c.Layer.Type)
		}
	}

	goldenReference(t, c, m, x)

	ctx := &Ctx{Train: c.Train, Rng: rand.New(rand.NewPCG(1, 2))}
	var y *Tensor
	if un, ok := m.(*MaxUnpool2D); ok {
		y = goldenUnpoolForward(t, c, un, ctx, x)
	} else {
		y = m.Forward(ctx, x)
	}
	ratios := map[string]float64{}
	ratios["y"] = goldenCmp(t, "y", y.Shape, y.Data, wantY)
	if !Shape(y.Shape).Equal(Shape(wantY.Shape)) {
		t.FailNow() // Backward would only panic on PyTorch's dy
	}

	if pool, ok := m.(*MaxPool2D); ok {
		goldenSwitches(t, "switches", pool.Switches, c.ints(t, "indices"))
	}
	for _, k := range []string{"running_mean", "running_var"} {
		if w, ok := c.Tensors["new_"+k]; ok { // BatchNorm's training step
			ratios["new_"+k] = goldenCmp(t, "updated "+k, params[k].Shape, params[k].Data, w)
		}
	}

	dy := c.tensor(t, "dy")
	dyKeep := dy.Clone()
	var dx *Tensor
	dx = m.Backward(dy)
	ratios["dx"] = goldenCmp(t, "dx", dx.Shape, dx.Data, c.Tensors["dx"])
	grads := map[string][]float32{}
	for _, p := range m.Params() {
		w, ok := c.Tensors["d"+p.Name]
		if !p.Trainable() {
			if ok {
				t.Errorf("PyTorch has a gradient for %s, ours is not trainable", p.Name)
			}
			continue
		}
		if !ok {
			t.Fatalf("no golden gradient d%s", p.Name)
		}
		ratios["d"+p.Name] = goldenCmp(t, "d"+p.Name, p.Shape, p.Grad, w)
		grads[p.Name] = append([]float32(nil), p.Grad...)
	}
	if !goldenSame(dy.Data, dyKeep.Data) {
		t.Errorf("Backward modified its argument dy (a Residual or Parallel feeds the same dy to several branches)")
	}

	// A second Backward of the same step returns the same dx and adds the
	// same gradients again: Param.Grad accumulates (+=), as Module says.
	var dx2 *Tensor
	dx2 = m.Backward(dyKeep.Clone())
	if !goldenSame(dx2.Data, dx.Data) {
		t.Errorf("second Backward(dy): dx differs from the first (got %v…, want %v…)", dx2.Data[:min(4, len(dx2.Data))], dx.Data[:min(4, len(dx.Data))])
	}
	for name, g1 := range grads {
		g2 := params[name].Grad
		for i := range g1 {
			if want := 2 * g1[i]; math.Abs(float64(g2[i]-want)) > 1e-6*math.Abs(float64(want))+1e-30 {
				t.Errorf("d%s[%d] after two Backward calls: got %g, want 2 × %g = %g (gradients accumulate with +=)", name, i, g2[i], g1[i], want)
				break
			}
		}
	}
	t.Logf("%s vs %s: %s", c.Layer.Type, c.Torch, goldenWorst(ratios))
}

// goldenReference holds the slow reference convolutions (conv_reference.go),
// which the fast paths are tested against, to PyTorch too: subtest
// "reference" of each conv case.
func goldenReference(t *testing.T, c *goldenCase, m Module, x *Tensor) {
	var fwd func(w, b []float32) *Tensor
	var bwd func(w []float32, dy *Tensor) (*Tensor, []float32, []float32)
	var weight, bias *Param
	switch l := m.(type) {
	case *Conv2D:
		weight, bias = l.Weight, l.Bias
		fwd = func(w, b []float32) *Tensor { return Conv2DReference(l, x, w, b) }
		bwd = func(w []float32, dy *Tensor) (*Tensor, []float32, []float32) {
			return Conv2DBackwardReference(l, x, w, dy)
		}
	case *ConvTranspose2D:
		weight, bias = l.Weight, l.Bias
		fwd = func(w, b []float32) *Tensor { return ConvTranspose2DReference(l, x, w, b) }
		bwd = func(w []float32, dy *Tensor) (*Tensor, []float32, []float32) {
			return ConvTranspose2DBackwardReference(l, x, w, dy)
		}
	default:
		return
	}
	t.Run("reference", func(t *testing.T) {
		var b []float32
		if bias != nil {
			b = bias.Data
		}
		ratios := map[string]float64{}
		y := fwd(weight.Data, b)
		ratios["y"] = goldenCmp(t, "reference y", y.Shape, y.Data, c.Tensors["y"])
		if t.Failed() {
			return
		}
		dx, dW, dB := bwd(weight.Data, c.tensor(t, "dy"))
		ratios["dx"] = goldenCmp(t, "reference dx", dx.Shape, dx.Data, c.Tensors["dx"])
		ratios["dweight"] = goldenCmp(t, "reference dweight", weight.Shape, dW, c.Tensors["dweight"])
		if bias != nil {
			ratios["dbias"] = goldenCmp(t, "reference dbias", bias.Shape, dB, c.Tensors["dbias"])
		}
		t.Logf("reference %s vs %s: %s", c.Layer.Type, c.Torch, goldenWorst(ratios))
	})
}

// goldenUnpoolForward unpools x with PyTorch's indices set as Switches,
// and checks that our pool, run on the same pool input, finds those very
// switches and pooled values (the chain max_pool2d → max_unpool2d).
func goldenUnpoolForward(t *testing.T, c *goldenCase, un *MaxUnpool2D, ctx *Ctx, x *Tensor) *Tensor {
	t.Helper()
	idx := c.ints(t, "indices")
	var p *Tensor
	p = un.Pool.Forward(ctx, c.tensor(t, "pool_x"))
	goldenCmp(t, "pooled x", p.Shape, p.Data, c.Tensors["x"])
	goldenSwitches(t, "pool switches", un.Pool.Switches, idx)

	un.Switches = make([]int32, len(idx))
	for i, v := range idx {
		un.Switches[i] = int32(v)
	}
	var y *Tensor
	y = un.Forward(ctx, x)
	return y
}

// goldenSwitches compares switches with PyTorch's return_indices exactly.
func goldenSwitches(t *testing.T, what string, got []int32, want []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d, want %d (PyTorch return_indices)", what, len(got), len(want))
		return
	}
	for i := range want {
		if int(got[i]) != want[i] {
			t.Errorf("%s[%d]: got %d, want %d (PyTorch return_indices: h·W+w within the plane)", what, i, got[i], want[i])
			return
		}
	}
}

// goldenLoss checks SoftmaxCrossEntropy's mean loss and dL/dlogits
// against F.cross_entropy(reduction='mean').
func goldenLoss(t *testing.T, c *goldenCase) {
	logits := c.tensor(t, "x")
	loss, dz, err := SoftmaxCrossEntropy(logits, c.ints(t, "labels"))
	if err != nil {
		t.Fatalf("SoftmaxCrossEntropy: %v", err)
	}
	ratios := map[string]float64{}
	ratios["loss"] = goldenCmp(t, "loss", nil, []float32{float32(loss)}, c.Tensors["loss"])
	ratios["dlogits"] = goldenCmp(t, "dlogits", dz.Shape, dz.Data, c.Tensors["dx"])
	t.Logf("cross-entropy vs %s: %s", c.Torch, goldenWorst(ratios))
}

// goldenSame reports bitwise equality.
func goldenSame(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// goldenWorst renders the ratios, worst first: "worst dx 3.1e-08 (y 0, dweight 2e-08)".
func goldenWorst(r map[string]float64) string {
	worst := ""
	for k, v := range r {
		if worst == "" || v > r[worst] || (v == r[worst] && k < worst) {
			worst = k
		}
	}
	var rest []string
	for _, k := range []string{"y", "dx", "dweight", "dbias", "new_running_mean", "new_running_var", "loss", "dlogits"} {
		if v, ok := r[k]; ok && k != worst {
			rest = append(rest, fmt.Sprintf("%s %.2g", k, v))
		}
	}
	return fmt.Sprintf("worst ratio %s %.2g (%s) ≤ %g", worst, r[worst], strings.Join(rest, ", "), goldenRelTol)
}

// The golden suite covers every op the nn core must agree with PyTorch
// on, forward and backward: deleting or narrowing a case fails here.
func TestGoldenCoverage(t *testing.T) {
	cases := loadGolden(t)
	for _, req := range []struct {
		what string
		ok   func(c *goldenCase) bool
	}{
		{"Conv2D with groups (1 < G < In)", func(c *goldenCase) bool {
			return c.Layer.Type == "Conv2D" && c.Layer.Groups > 1 && c.Layer.Groups < c.Layer.In
		}},
		{"Conv2D depthwise (G = In)", func(c *goldenCase) bool { return c.Layer.Type == "Conv2D" && c.Layer.Groups == c.Layer.In }},
		{"Conv2D with stride > 1", func(c *goldenCase) bool {
			return c.Layer.Type == "Conv2D" && (c.Layer.Stride > 1 || len(c.Layer.StrideHW) == 2 && max(c.Layer.StrideHW[0], c.Layer.StrideHW[1]) > 1)
		}},
		{"Conv2D with padding", func(c *goldenCase) bool {
			return c.Layer.Type == "Conv2D" && (c.Layer.Pad > 0 || len(c.Layer.PadHW) == 2 && max(c.Layer.PadHW[0], c.Layer.PadHW[1]) > 0)
		}},
		{"Conv2D with dilation > 1", func(c *goldenCase) bool { return c.Layer.Type == "Conv2D" && c.Layer.Dilation > 1 }},
		{"ConvTranspose2D with output_padding", func(c *goldenCase) bool {
			return c.Layer.Type == "ConvTranspose2D" && c.Layer.OutputPadding > 0
		}},
		{"MaxPool2D overlapping (stride < kernel)", func(c *goldenCase) bool {
			return c.Layer.Type == "MaxPool2D" && c.Layer.Stride > 0 && c.Layer.Stride < c.Layer.Kernel && c.has("indices")
		}},
		{"MaxPool2D in ceil mode", func(c *goldenCase) bool { return c.Layer.Type == "MaxPool2D" && c.Layer.Ceil }},
		{"MaxUnpool2D", func(c *goldenCase) bool { return c.Layer.Type == "MaxUnpool2D" && c.Layer.OutH > 0 }},
		{"AdaptiveAvgPool2D", func(c *goldenCase) bool { return c.Layer.Type == "AdaptiveAvgPool2D" }},
		{"LocalResponseNorm (PyTorch's α/n)", func(c *goldenCase) bool { return c.Layer.Type == "LocalResponseNorm" }},
		{"BatchNorm2D train, with the updated running statistics", func(c *goldenCase) bool {
			return c.Layer.Type == "BatchNorm2D" && c.Train && c.has("new_running_mean") && c.has("new_running_var")
		}},
		{"BatchNorm2D eval", func(c *goldenCase) bool { return c.Layer.Type == "BatchNorm2D" && !c.Train }},
		{"softmax cross-entropy", func(c *goldenCase) bool { return c.Layer.Type == "CrossEntropy" && c.has("loss") }},
	} {
		found := ""
		for i := range cases {
			c := &cases[i]
			if !req.ok(c) {
				continue
			}
			// Forward and backward: the input, output, upstream and input gradients.
			backward := c.has("x") && c.has("dx") && (c.Layer.Type == "CrossEntropy" || c.has("y") && c.has("dy"))
			if backward {
				found = c.Name
				break
			}
		}
		if found == "" {
			t.Errorf("no golden case (forward and backward) for %s: add one to testdata/gen_golden.py", req.what)
		} else {
			t.Logf("%s: %s", req.what, found)
		}
	}
}
