package interop_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/nn/safetensors"
	"github.com/cnnbook/cnnbook/nn/weights"
)

// TestHashFile: the virtual file is a valid safetensors file whose tensors
// are weights.HashFill's values, whatever the offsets ReadAt is asked for.
func TestHashFile(t *testing.T) {
	entries := []entry{
		{"bn.num_batches_tracked", "I64", []int{}},
		{"bn.weight", "F32", []int{3}},
		{"conv.weight", "F32", []int{5, 3, 3, 3}},
		{"empty", "F32", []int{0}},
		{"fc.bias", "F32", []int{7}},
	}
	hf := newHashFile(entries)
	whole := make([]byte, hf.size)
	if n, err := hf.ReadAt(whole, 0); n != len(whole) || err != nil {
		t.Fatalf("ReadAt(all): %d bytes, %v", n, err)
	}
	for _, off := range []int64{0, 1, 7, 8, 9, 13, int64(len(hf.header)) + 3, hf.size - 5} {
		for _, n := range []int{1, 3, 5, 17, 64} {
			p := make([]byte, min(int64(n), hf.size-off))
			if _, err := hf.ReadAt(p, off); err != nil {
				t.Fatalf("ReadAt(%d bytes at %d): %v", n, off, err)
			}
			if !bytes.Equal(p, whole[off:off+int64(len(p))]) {
				t.Errorf("ReadAt(%d bytes at %d) differs from the whole file", n, off)
			}
		}
	}
	f, err := safetensors.NewReader(bytes.NewReader(whole), int64(len(whole)))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.Float32("conv.weight")
	want := make([]float32, 5*3*3*3)
	lo, hi := weights.HashRange("conv.weight", []int{5, 3, 3, 3}, []int{5, 3, 3, 3}, 0)
	weights.HashFill(want, "conv.weight", lo, hi)
	if !slices.Equal(got, want) {
		t.Errorf("conv.weight: got %v, want HashFill's %v", got[:3], want[:3])
	}
	if n, _ := f.Int64("bn.num_batches_tracked"); len(n) != 1 || n[0] != 0 {
		t.Errorf("num_batches_tracked: got %v, want [0]", n)
	}
}
