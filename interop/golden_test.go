package interop_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

var full = flag.Bool("full", false, "also compare at 224×224 (testdata/logits224; slow)")

// models are the torchvision-defined models of the book, by our registry
// name; gen.py's MODELS maps each to its torchvision constructor.
var models = []string{
	"alexnet-tv",
	"vgg11", "vgg13", "vgg16", "vgg19",
	"vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn",
	"googlenet-tv",
	"resnet18", "resnet34", "resnet50-tv", "resnet101-tv", "resnet152-tv",
	"resnext50_32x4d", "wide_resnet50_2", "densenet121", "densenet169", "densenet201",
}

// tolerance: max |ours − torch| ≤ 1e-4 · max |torch| over the whole output
// (the interop issue's criterion; float32 summation order differs).
const tolerance = 1e-4

// short is the subset run under -short: one model of each family.
var short = map[string]bool{"alexnet-tv": true, "vgg11": true, "vgg11_bn": true, "googlenet-tv": true,
	"resnet18": true, "resnet50-tv": true, "resnext50_32x4d": true, "densenet121": true}

// noAux lists the models whose torchvision pretrained weights ship no
// auxiliary heads: the golden file for them leaves the aux keys out, so
// the test also proves that those keys are optional.
var noAux = map[string]bool{"googlenet-tv": true}

func readTensor(t *testing.T, path, name string) *nn.Tensor {
	t.Helper()
	f, err := safetensors.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, ok := f.Lookup(name)
	if !ok {
		t.Fatalf("%s: no tensor %q", path, name)
	}
	data, err := f.Float32(name)
	if err != nil {
		t.Fatal(err)
	}
	return nn.FromData(data, info.Shape...)
}

func readKeys(t *testing.T) map[string][]entry {
	t.Helper()
	b, err := os.ReadFile("testdata/keys.json")
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string][]entry
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestGolden(t *testing.T) {
	keys := readKeys(t)
	sizes := []string{"64"}
	if *full {
		sizes = append(sizes, "224")
	}
	inputs := map[string]*nn.Tensor{}
	for _, s := range sizes {
		inputs[s] = readTensor(t, "testdata/input"+s+".safetensors", "input")
	}
	for _, name := range models {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && !short[name] {
				t.Skip("-short: one model per family")
			}
			e, err := all.Lookup(name)
			if err != nil {
				t.Fatalf("%v (every model of the list must be registered in chapters/all)", err)
			}
			golden(t, e, keys[name], sizes, inputs)
		})
	}
}

// golden loads torchvision's keys (tv) with hash values into e's model
// and compares its logits with torchvision's at each size.
func golden(t *testing.T, e nn.Entry, tv []entry, sizes []string, inputs map[string]*nn.Tensor) {
	name := e.Name
	if tv == nil {
		t.Fatalf("testdata/keys.json has no %s: rerun gen.py", name)
	}
	m := e.Build()
	checkKeys(t, m.Net, tv)
	if t.Failed() {
		return
	}
	start := time.Now()
	file := tv
	if noAux[name] {
		file = nil
		for _, en := range tv {
			if !strings.HasPrefix(en.Key, "aux") {
				file = append(file, en)
			}
		}
	}
	hf := newHashFile(file)
	sf, err := safetensors.NewReader(hf, hf.size)
	if err != nil {
		t.Fatal(err)
	}
	if err := weights.Read(m.Net, sf, nil); err != nil {
		t.Fatalf("loading torchvision's keys: %v", err)
	}
	load := time.Since(start)
	for _, s := range sizes {
		want := readTensor(t, filepath.Join("testdata", "logits"+s, name+".safetensors"), "output")
		start := time.Now()
		got, err := nn.Run(m.Net, nn.Eval, inputs[s])
		if err != nil {
			t.Fatalf("%s×%s: %v", s, s, err)
		}
		if !slices.Equal(got.Shape, want.Shape) {
			t.Fatalf("%s×%s: logits shape got %v, want %v", s, s, got.Shape, want.Shape)
		}
		ref := float64(want.MaxAbs())
		worst, at := maxDiff(got, want)
		t.Logf("%s×%s: max|ours − torch| = %.3g = %.2g·max|torch| (max|torch| = %.4g); load %v, forward %v",
			s, s, worst, worst/ref, ref, load.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		if worst > tolerance*ref {
			t.Errorf("%s×%s: max|ours − torch| = %g at %v (ours %g, torch %g), want ≤ %g·%g = %g",
				s, s, worst, index(want.Shape, at), got.Data[at], want.Data[at], tolerance, ref, tolerance*ref)
		}
		checkBiasVisible(t, m.Net, s, ref)
		checkPlan(t, m.Net, s, inputs[s], want, ref)
		if s == "64" {
			checkMistakes(t, name, m.Net, inputs[s], want)
		}
	}
}

// checkPlan: the model's inference plan (nn.Plan: BatchNorm folded,
// weights packed once, bias, ReLU and residual additions in the GEMM's
// epilogue, the plan's own pooling, im2col and depthwise kernels) matches
// torchvision's logits within the same tolerance as Forward, so the
// golden test covers both paths on whichever GEMM kernel runs.
func checkPlan(t *testing.T, net nn.Module, s string, x, want *nn.Tensor, ref float64) {
	t.Helper()
	p, err := nn.NewPlan(net, nn.Shape(x.Shape[1:]), x.Shape[0], false)
	if err != nil {
		t.Fatalf("%s×%s: NewPlan: %v", s, s, err)
	}
	got := p.Forward(x)
	if !slices.Equal(got.Shape, want.Shape) {
		t.Fatalf("%s×%s: plan logits shape got %v, want %v", s, s, got.Shape, want.Shape)
	}
	if worst, at := maxDiff(got, want); worst > tolerance*ref {
		t.Errorf("%s×%s: plan: max|ours − torch| = %g at %v (ours %g, torch %g), want ≤ %g·%g = %g",
			s, s, worst, index(want.Shape, at), got.Data[at], want.Data[at], tolerance, ref, tolerance*ref)
	}
}

// maxDiff is max |got − want| over the whole output and where it is; a
// NaN on either side counts as an infinite difference.
func maxDiff(got, want *nn.Tensor) (worst float64, at int) {
	for i := range got.Data {
		d := math.Abs(float64(got.Data[i]) - float64(want.Data[i]))
		if math.IsNaN(d) {
			return math.Inf(1), i
		}
		if d > worst {
			worst, at = d, i
		}
	}
	return worst, at
}

// checkBiasVisible: the comparison can see the classifier's bias. Logits
// are affine in it (y = W·h + b), so a model that ignored it would be off
// by exactly max |b|; the hash weights must keep that above the tolerance.
// (With He-uniform residual branches ResNet-34…152 grew logits of 2·10³ …
// 3·10⁸ and failed this; see nn/weights/hash.go.)
func checkBiasVisible(t *testing.T, m nn.Module, size string, ref float64) {
	t.Helper()
	var bias *nn.NamedParam
	for _, p := range nn.AllParams(m) {
		switch p.Key {
		case "fc.bias", "classifier.bias", "classifier.6.bias": // torchvision's classifier names
			bias = &p
		}
	}
	if bias == nil {
		t.Fatal("no classifier bias (fc.bias, classifier.bias or classifier.6.bias)")
	}
	b := 0.0
	for _, v := range bias.Data {
		b = max(b, math.Abs(float64(v)))
	}
	t.Logf("%s×%s: a model ignoring %s would be off by %.3g = %.0f× the tolerance", size, size, bias.Key, b, b/(tolerance*ref))
	if b <= tolerance*ref {
		t.Errorf("%s×%s: max|%s| = %g ≤ %g·max|torch| = %g: a model that ignored its classifier's bias would pass",
			size, size, bias.Key, b, tolerance, tolerance*ref)
	}
}

// A mistake is a deliberately wrong convention, applied to a loaded model
// and undone: the golden comparison must fail it by a wide margin, or it
// proves nothing about that convention.
type mistake struct {
	what  string
	apply func(m nn.Module) (undo func())
}

// mistakes are tried on the models named, at 64×64, after the comparison.
var mistakes = map[string][]mistake{
	"resnet18":     {bnEps(1e-3), bnStat(-1, "running_mean"), bnStat(-1, "bias")},
	"vgg11_bn":     {bnEps(1e-3)},
	"googlenet-tv": {bnEps(1e-5)}, // torchvision's BasicConv2d uses ε = 0.001
	"resnet152-tv": {bnStat(-1, "running_mean"), bnStat(-1, "bias"), bnStat(-10, "bias")},
	"densenet121":  {bnEps(1e-3)},
}

// margin is how many times the tolerance a mistake must exceed.
const margin = 10

func checkMistakes(t *testing.T, name string, m nn.Module, x, want *nn.Tensor) {
	t.Helper()
	ref := float64(want.MaxAbs())
	for _, mk := range mistakes[name] {
		undo := mk.apply(m)
		got, err := nn.Run(m, nn.Eval, x)
		undo()
		if err != nil {
			t.Fatalf("%s: %v", mk.what, err)
		}
		worst, _ := maxDiff(got, want)
		t.Logf("mistake %q: max|ours − torch| = %.3g·max|torch| = %.0f× the tolerance", mk.what, worst/ref, worst/(tolerance*ref))
		if worst <= margin*tolerance*ref {
			t.Errorf("mistake %q: max|ours − torch| = %g = %.3g·max|torch|, want > %d·%g: the comparison cannot tell it apart",
				mk.what, worst, worst/ref, margin, tolerance)
		}
	}
}

func batchNorms(m nn.Module) []*nn.BatchNorm2D {
	var out []*nn.BatchNorm2D
	nn.Walk(m, func(_ string, c nn.Module) {
		if b, ok := c.(*nn.BatchNorm2D); ok {
			out = append(out, b)
		}
	})
	return out
}

// bnEps sets every BatchNorm's ε to eps (the wrong one of PyTorch's default
// 1e−5 and GoogLeNet's 1e−3).
func bnEps(eps float64) mistake {
	return mistake{fmt.Sprintf("every BatchNorm's ε = %g", eps), func(m nn.Module) func() {
		bns := batchNorms(m)
		old := make([]float64, len(bns))
		for i, b := range bns {
			old[i], b.Eps = b.Eps, eps
		}
		return func() {
			for i, b := range bns {
				b.Eps = old[i]
			}
		}
	}}
}

// bnStat zeroes one tensor of the i-th BatchNorm (from the end if i < 0):
// a model that ignored that running mean or β.
func bnStat(i int, tensor string) mistake {
	return mistake{fmt.Sprintf("BatchNorm %d's %s ignored", i, tensor), func(m nn.Module) func() {
		bns := batchNorms(m)
		j := i
		if j < 0 {
			j += len(bns)
		}
		p := map[string]*nn.Param{"running_mean": bns[j].RunningMean, "bias": bns[j].Bias}[tensor]
		saved := append([]float32(nil), p.Data...)
		clear(p.Data)
		return func() { copy(p.Data, saved) }
	}}
}

// checkKeys: the tensors we save (weights.Tensors: parameters, buffers and
// num_batches_tracked) are exactly torchvision's state_dict, key for key,
// dtype and shape.
func checkKeys(t *testing.T, m nn.Module, tv []entry) {
	t.Helper()
	ours := shapesOf(m)
	theirs := map[string]string{}
	for _, e := range tv {
		theirs[e.Key] = fmt.Sprint(e.DType, e.Shape)
	}
	var problems []string
	for k, v := range theirs {
		if o, ok := ours[k]; !ok {
			problems = append(problems, fmt.Sprintf("torchvision has %s %s, we have none", k, v))
		} else if o != v {
			problems = append(problems, fmt.Sprintf("%s: got %s, want torchvision's %s", k, o, v))
		}
	}
	for k, v := range ours {
		if _, ok := theirs[k]; !ok {
			problems = append(problems, fmt.Sprintf("we have %s %s, torchvision has none", k, v))
		}
	}
	slices.Sort(problems)
	if len(problems) > 0 {
		t.Errorf("keys differ from torchvision 0.14's state_dict (%d):\n\t%s", len(problems), strings.Join(problems, "\n\t"))
	}
}

// shapesOf lists the tensors weights.Save would write, without data
// (weights.Tensors needs them allocated; checkKeys runs before loading).
func shapesOf(m nn.Module) map[string]string {
	out := map[string]string{}
	for _, p := range nn.AllParams(m) {
		out[p.Key] = fmt.Sprint("F32", p.Shape)
		if prefix, ok := strings.CutSuffix(p.Key, "running_mean"); ok {
			out[prefix+"num_batches_tracked"] = fmt.Sprint("I64", []int{})
		}
	}
	return out
}

// index turns a flat index into coordinates of shape.
func index(shape []int, i int) []int {
	out := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		out[d] = i % shape[d]
		i /= shape[d]
	}
	return out
}

// TestStridePlacementMatters: the comparison tells torchvision's ResNet
// V1.5 (a bottleneck's stride on its 3×3) from the paper's (on its first
// 1×1), which have the same keys and shapes: resnet50 loaded with
// resnet50-tv's weights must miss resnet50-tv's logits by far.
func TestStridePlacementMatters(t *testing.T) {
	e, err := all.Lookup("resnet50")
	if err != nil {
		t.Fatal(err)
	}
	m := e.Build()
	hf := newHashFile(readKeys(t)["resnet50-tv"])
	sf, err := safetensors.NewReader(hf, hf.size)
	if err != nil {
		t.Fatal(err)
	}
	if err := weights.Read(m.Net, sf, nil); err != nil {
		t.Fatalf("resnet50-tv's keys into resnet50: %v", err)
	}
	got, err := nn.Run(m.Net, nn.Eval, readTensor(t, "testdata/input64.safetensors", "input"))
	if err != nil {
		t.Fatal(err)
	}
	want := readTensor(t, "testdata/logits64/resnet50-tv.safetensors", "output")
	worst, _ := maxDiff(got, want)
	ref := float64(want.MaxAbs())
	t.Logf("stride on the 1×1: max|ours − torch| = %.3g·max|torch| = %.0f× the tolerance", worst/ref, worst/(tolerance*ref))
	if worst <= margin*tolerance*ref {
		t.Errorf("stride on the 1×1: max|ours − torch| = %.3g·max|torch|, want > %d·%g: the comparison cannot tell V1 from V1.5",
			worst/ref, margin, tolerance)
	}
}
