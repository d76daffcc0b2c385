package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn/safetensors"
)

// TestExportInfer: `export -hash` then `infer -input` reproduces
// torchvision's logits for resnet18 (interop/testdata, gen.py), through
// the command line end to end.
func TestExportInfer(t *testing.T) {
	dir := t.TempDir()
	w := filepath.Join(dir, "resnet18.safetensors")
	y := filepath.Join(dir, "y.safetensors")
	var out bytes.Buffer
	if err := run([]string{"export", "-model", "resnet18", "-hash", "-output", w}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"infer", "-model", "resnet18", "-weights", w,
		"-input", "../../interop/testdata/input64.safetensors", "-output", y}, &out, &out); err != nil {
		t.Fatal(err)
	}
	got := read(t, y, "output")
	want := read(t, "../../interop/testdata/logits64/resnet18.safetensors", "output")
	var worst, ref float64
	for i := range min(len(got), len(want)) {
		worst = max(worst, math.Abs(float64(got[i]-want[i]))) // NaN stays NaN: caught below
		ref = max(ref, math.Abs(float64(want[i])))
	}
	if len(got) != len(want) || !(worst <= 1e-4*ref) {
		t.Errorf("got %d logits with max|ours − torch| = %g, want %d within 1e-4·%g", len(got), worst, len(want), ref)
	}

	out.Reset()
	if err := run([]string{"infer", "-model", "resnet18", "-weights", w,
		"-image", "../../data/imagenet/testdata/photo444.jpg", "-top", "3"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "rank") || !strings.HasPrefix(lines[1], "1 ") {
		t.Errorf("infer -image -top 3 printed\n%s\nwant a header and 3 ranked rows", out.String())
	}
}

func read(t *testing.T, path, name string) []float32 {
	t.Helper()
	f, err := safetensors.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.Float32(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestInferErrors: bad flags and bad files are errors, never panics.
func TestInferErrors(t *testing.T) {
	dir := t.TempDir()
	trunc := filepath.Join(dir, "trunc.safetensors")
	os.WriteFile(trunc, []byte{200, 0, 0, 0, 0, 0, 0, 0, '{'}, 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"infer", "-model", "resnet18"}, "needs -model and -weights"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc}, "exactly one of -input and -image"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-input", "x"}, "needs -o"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-image", filepath.Join("..", "..", "data", "imagenet", "testdata", "shapes.png")}, "truncated"},
		{[]string{"infer", "-model", "no-such-model", "-weights", trunc, "-image", "x.png"}, "unknown model"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-image", "x.png", "-output", "y"}, "-o is for -input"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-image", "x.png", "-top", "0"}, "want at least 1"},
		{[]string{"export", "-model", "resnet18"}, "needs -model and -o"},
		{[]string{"export", "-model", "no-such-model", "-output", "w"}, "unknown model"},
	} {
		var out bytes.Buffer
		err := run(tc.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}

// torchvisionTensor is torchvision's preprocessed tensor (1, 3, 224, 224)
// of data/imagenet/testdata/NAME: LUT[c][crop pixel], which gen.py there
// asserts equal to torchvision's transform output, element for element.
func torchvisionTensor(t *testing.T, name string) []float32 {
	t.Helper()
	lut := read(t, "../../data/imagenet/testdata/normalize.safetensors", "lut") // (3, 256)
	f, err := os.Open("../../data/imagenet/testdata/" + name + ".crop.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	x := make([]float32, 3*w*h)
	for y := range h {
		for i := range w {
			r, g, bl, _ := img.At(b.Min.X+i, b.Min.Y+y).RGBA()
			for c, v := range []uint32{r >> 8, g >> 8, bl >> 8} {
				x[(c*h+y)*w+i] = lut[c*256+int(v)]
			}
		}
	}
	return x
}

// TestInferImage: `infer -image F -top 5` prints rank, class index, class
// name (classes.txt) and probability, and they are the top five of the
// softmax of the logits that `infer -input` computes from torchvision's own
// preprocessed tensor of F. For a PNG our preprocessing is exact
// (data/imagenet), so the two paths must agree to the printed digit.
func TestInferImage(t *testing.T) {
	dir := t.TempDir()
	w := filepath.Join(dir, "w.safetensors")
	var out bytes.Buffer
	if err := run([]string{"export", "-model", "resnet18", "-hash", "-output", w}, &out, &out); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(dir, "x.safetensors")
	if err := safetensors.WriteFile(x, []safetensors.Tensor{{Name: "input", Shape: []int{1, 3, 224, 224},
		F32: torchvisionTensor(t, "shapes")}}, nil); err != nil {
		t.Fatal(err)
	}
	y := filepath.Join(dir, "y.safetensors")
	if err := run([]string{"infer", "-model", "resnet18", "-weights", w, "-input", x, "-output", y}, &out, &out); err != nil {
		t.Fatal(err)
	}
	logits := read(t, y, "output")
	if len(logits) != 1000 {
		t.Fatalf("got %d logits, want 1000", len(logits))
	}
	// The expected top five: softmax in float64, written out here.
	m := math.Inf(-1)
	for _, v := range logits {
		m = max(m, float64(v))
	}
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v) - m)
	}
	idx := make([]int, len(logits))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return logits[idx[a]] > logits[idx[b]] })
	names, err := os.ReadFile("../../data/imagenet/classes.txt")
	if err != nil {
		t.Fatal(err)
	}
	classes := strings.Split(strings.TrimSuffix(string(names), "\n"), "\n")

	out.Reset()
	if err := run([]string{"infer", "-model", "resnet18", "-weights", w,
		"-image", "../../data/imagenet/testdata/shapes.png", "-top", "5"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("infer -image shapes.png -top 5:\n%s", out.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 || strings.Join(strings.Fields(lines[0]), " ") != "rank class name probability" {
		t.Fatalf("got\n%s\nwant a header \"rank class name probability\" and 5 rows", out.String())
	}
	for r, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) < 4 {
			t.Fatalf("row %d: %q: want rank, class, name, probability", r+1, line)
		}
		rank, err1 := strconv.Atoi(f[0])
		class, err2 := strconv.Atoi(f[1])
		prob, err3 := strconv.ParseFloat(f[len(f)-1], 64)
		name := strings.Join(f[2:len(f)-1], " ")
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("row %d: %q: %v %v %v", r+1, line, err1, err2, err3)
		}
		c := idx[r]
		want := math.Exp(float64(logits[c])-m) / sum
		if rank != r+1 || class != c || name != classes[c] || fmt.Sprintf("%.4f", prob) != fmt.Sprintf("%.4f", want) {
			t.Errorf("row %d: got %d %d %q %.4f, want %d %d %q %.4f", r+1, rank, class, name, prob, r+1, c, classes[c], want)
		}
	}
}

// TestInferHugeImageHeader: the 2^28 × 2^28 PNG header (a panic
// in makeslice) is one error naming the file and the limit, found before
// the weights are read (here they do not even exist).
func TestInferHugeImageHeader(t *testing.T) {
	dir := t.TempDir()
	ihdr := []byte{0x10, 0, 0, 0, 0x10, 0, 0, 0, 8, 2, 0, 0, 0} // 2^28 × 2^28, 8-bit RGB
	data := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	data = append(data, ihdr...)
	data = binary.BigEndian.AppendUint32(data, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	p := filepath.Join(dir, "big.png")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run([]string{"infer", "-model", "resnet18", "-weights", filepath.Join(dir, "missing.safetensors"), "-image", p}, &out, &out)
	want := p + ": imagenet: image is 268435456×268435456: a side beyond the limit of 8192 pixels"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
