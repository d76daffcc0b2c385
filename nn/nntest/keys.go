package nntest

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// TorchTensor is one line of a keys_*.txt file written by
// chapters/resnet/testdata/gen_block_keys.py: a tensor of torchvision
// 0.14's state_dict (num_batches_tracked left out).
type TorchTensor struct {
	Key    string
	Shape  []int
	Buffer bool
}

// ReadTorchKeys reads a keys file: "key<TAB>shape (comma-separated)<TAB>param|buffer"
// per line, # comments.
func ReadTorchKeys(t testing.TB, path string) []TorchTensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (regenerate with /usr/bin/python3 chapters/resnet/testdata/gen_block_keys.py)", err)
	}
	defer f.Close()
	var out []TorchTensor
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("%s: malformed line %q", path, line)
		}
		var shape []int
		for _, d := range strings.Split(parts[1], ",") {
			n, err := strconv.Atoi(d)
			if err != nil {
				t.Fatalf("%s: bad shape in %q", path, line)
			}
			shape = append(shape, n)
		}
		out = append(out, TorchTensor{parts[0], shape, parts[2] == "buffer"})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// MatchTorchvision checks that block m's keys, shapes and
// parameter/buffer split equal those of torchvision 0.14's state_dict in
// the keys file (without num_batches_tracked), in the same order, that the
// static analysis at input in counts the params torchvision's numel sum
// gives (why: the arithmetic), and that the output is out.
func MatchTorchvision(t *testing.T, keys string, m nn.Module, in, out nn.Shape, params int64, why string) {
	t.Helper()
	want := ReadTorchKeys(t, keys)
	got := nn.AllParams(m)
	var wantParams int64
	for _, w := range want {
		if !w.Buffer {
			wantParams += nn.Shape(w.Shape).Elems()
		}
	}
	if wantParams != params {
		t.Fatalf("torchvision numel sum got %d, want %d (%s): the key file disagrees with the cited count", wantParams, params, why)
	}
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		switch {
		case i >= len(got):
			t.Fatalf("tensor %d: missing, want %s %v", i, want[i].Key, want[i].Shape)
		case i >= len(want):
			t.Fatalf("tensor %d: got extra %s %v", i, got[i].Key, got[i].Shape)
		case got[i].Key != want[i].Key || !nn.Shape(got[i].Shape).Equal(want[i].Shape) || got[i].Buffer != want[i].Buffer:
			t.Fatalf("tensor %d: got %s %v (buffer %v), want %s %v (buffer %v) (torchvision 0.14)",
				i, got[i].Key, got[i].Shape, got[i].Buffer, want[i].Key, want[i].Shape, want[i].Buffer)
		}
	}
	r, err := nn.Analyze(m, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Params != params {
		t.Errorf("params got %s, want %s = %s", nn.Comma(r.Params), nn.Comma(params), why)
	}
	if !r.Output.Equal(out) {
		t.Errorf("output for %v got %v, want %v", in, r.Output, out)
	}
}

// ForwardShapes initialises m, runs it on a batch of two seeded samples of
// shape in, in eval and in training mode, and checks that the forward pass
// gives the shape the analysis predicts.
func ForwardShapes(t *testing.T, m nn.Module, in nn.Shape) {
	t.Helper()
	r, err := nn.Analyze(m, in)
	if err != nil {
		t.Fatal(err)
	}
	nn.InitParams(m, nn.NewRNG(1))
	x := RandInput(1, append([]int{2}, in...)...)
	for _, train := range []bool{false, true} {
		y, err := nn.Run(m, &nn.Ctx{Train: train, Rng: nn.NewRNG(2)}, x)
		if err != nil {
			t.Fatal(err)
		}
		if want := append([]int{2}, r.Output...); !nn.Shape(y.Shape).Equal(want) {
			t.Errorf("train=%v: forward shape got %v, want %v (the analysis)", train, y.Shape, want)
		}
	}
}
