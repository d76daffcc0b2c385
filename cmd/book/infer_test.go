package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
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
	for i := range want {
		worst = max(worst, math.Abs(float64(got[i]-want[i])))
		ref = max(ref, math.Abs(float64(want[i])))
	}
	if len(got) != len(want) || worst > 1e-4*ref {
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
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-input", "x"}, "needs -output"},
		{[]string{"infer", "-model", "resnet18", "-weights", trunc, "-image", "x.png"}, "truncated"},
		{[]string{"infer", "-model", "no-such-model", "-weights", trunc, "-image", "x.png"}, "unknown model"},
		{[]string{"export", "-model", "resnet18"}, "needs -model and -output"},
	} {
		var out bytes.Buffer
		err := run(tc.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}
