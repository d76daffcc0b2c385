package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Golden vectors: PyTorch 1.13's forward and autograd backward for each
// layer configuration that must agree with it, written by
// testdata/gen_golden.py (its header documents the format and how to
// regenerate). One JSON file per case in testdata/golden.

// goldenTensor is a row-major tensor as the generator writes it. Integer
// tensors (indices, labels) hold whole numbers.
type goldenTensor struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

// goldenLayer is the configuration of our layer; fields unused by a type
// stay zero.
type goldenLayer struct {
	Type            string  `json:"type"`
	In              int     `json:"in"`
	Out             int     `json:"out"`
	Kernel          int     `json:"kernel"`
	Stride          int     `json:"stride"` // 0: left out, the layer's default
	Pad             int     `json:"pad"`
	KernelHW        []int   `json:"kernel_hw"` // non-square: (KH, KW), overrides kernel
	StrideHW        []int   `json:"stride_hw"`
	PadHW           []int   `json:"pad_hw"`
	Dilation        int     `json:"dilation"`
	Groups          int     `json:"groups"`
	Bias            bool    `json:"bias"`
	OutputPadding   int     `json:"output_padding"`
	Ceil            bool    `json:"ceil"`
	CountIncludePad bool    `json:"count_include_pad"`
	OutH            int     `json:"out_h"`
	OutW            int     `json:"out_w"`
	Size            int     `json:"size"`
	Alpha           float64 `json:"alpha"`
	Beta            float64 `json:"beta"`
	K               float64 `json:"k"`
	C               int     `json:"c"`
}

// goldenCase is one file of testdata/golden.
type goldenCase struct {
	Name    string                  `json:"name"`
	Torch   string                  `json:"torch"` // the PyTorch call that made it
	Layer   goldenLayer             `json:"layer"`
	Train   bool                    `json:"train"`
	Tensors map[string]goldenTensor `json:"tensors"`
}

// loadGolden reads every case, sorted by name.
func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files in testdata/golden: run /usr/bin/python3 nn/testdata/gen_golden.py")
	}
	sort.Strings(files)
	var cases []goldenCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c goldenCase
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range c.Tensors {
			n := 1
			for _, d := range v.Shape {
				n *= d
			}
			if n != len(v.Data) {
				t.Fatalf("%s: tensor %s has shape %v (%d elements) but %d values", f, k, v.Shape, n, len(v.Data))
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// has reports whether the case holds tensor k.
func (c *goldenCase) has(k string) bool { _, ok := c.Tensors[k]; return ok }

// tensor returns tensor k as a fresh float32 Tensor.
func (c *goldenCase) tensor(t *testing.T, k string) *Tensor {
	t.Helper()
	g, ok := c.Tensors[k]
	if !ok {
		t.Fatalf("%s: no tensor %q in the golden file", c.Name, k)
	}
	d := make([]float32, len(g.Data))
	for i, v := range g.Data {
		d[i] = float32(v)
	}
	return FromData(d, g.Shape...)
}

// ints returns an integer tensor (indices, labels).
func (c *goldenCase) ints(t *testing.T, k string) []int {
	t.Helper()
	g, ok := c.Tensors[k]
	if !ok {
		t.Fatalf("%s: no tensor %q in the golden file", c.Name, k)
	}
	out := make([]int, len(g.Data))
	for i, v := range g.Data {
		if v != math.Trunc(v) {
			t.Fatalf("%s: %s[%d] = %v is not an integer", c.Name, k, i, v)
		}
		out[i] = int(v)
	}
	return out
}

// goldenRelTol is the agreement criterion with PyTorch, for every tensor:
//
//	max_i |ours_i − torch_i| ≤ goldenRelTol · max_i |torch_i|.
//
// float32 has a unit roundoff of 6e−8; the sums here have at most ~100
// terms, summed in a different order than PyTorch's kernels, so honest
// rounding differences stay ≲ 1e−6 of the largest value. 1e−5 leaves a
// 10× margin, while every convention this suite pins down (LRN's α vs
// α/n, BatchNorm's biased vs unbiased variance at M = 40, an average
// pool's divisor, a shifted window) errs by ≥ 1e−3.
const goldenRelTol = 1e-5

// goldenCmp compares got (with its shape) to the golden tensor want and
// returns the error ratio max|got − want| / max|want| (0 when both are
// all zero, +Inf when want is all zero and got is not). It reports a
// failure naming the worst element when the criterion is not met.
func goldenCmp(t *testing.T, what string, gotShape []int, got []float32, want goldenTensor) float64 {
	t.Helper()
	if !Shape(gotShape).Equal(Shape(want.Shape)) {
		t.Errorf("%s: got shape %v, want %v (PyTorch)", what, gotShape, want.Shape)
		return math.Inf(1)
	}
	var maxWant, maxDiff float64
	worst := -1
	for i, w := range want.Data {
		maxWant = math.Max(maxWant, math.Abs(w))
		if d := math.Abs(float64(got[i]) - w); d > maxDiff || math.IsNaN(d) {
			maxDiff, worst = d, i
			if math.IsNaN(d) {
				maxDiff = math.Inf(1)
			}
		}
	}
	ratio := 0.0
	switch {
	case maxDiff == 0:
	case maxWant == 0:
		ratio = math.Inf(1)
	default:
		ratio = maxDiff / maxWant
	}
	if maxDiff > goldenRelTol*maxWant {
		t.Errorf("%s: max |ours − torch| = %.3g at %v: got %.9g, want %.9g; exceeds %g × max|torch| = %.3g (ratio %.3g)",
			what, maxDiff, goldenAt(worst, want.Shape), got[worst], want.Data[worst], goldenRelTol, goldenRelTol*maxWant, ratio)
	}
	return ratio
}

// goldenAt turns a flat row-major index into coordinates, for messages.
func goldenAt(i int, shape []int) string {
	if len(shape) == 0 {
		return "[]"
	}
	idx := make([]int, len(shape))
	for a := len(shape) - 1; a >= 0; a-- {
		idx[a] = i % shape[a]
		i /= shape[a]
	}
	return fmt.Sprint(idx)
}
