package safetensors

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sample is a small file with every feature the book's weights use: F32
// tensors of several ranks, an I64 scalar (num_batches_tracked) and metadata.
func sample() []Tensor {
	return []Tensor{
		{Name: "fc.weight", Shape: []int{2, 3}, F32: []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25}},
		{Name: "fc.bias", Shape: []int{2}, F32: []float32{0.5, -0.5}},
		{Name: "bn1.num_batches_tracked", Shape: []int{}, I64: []int64{-7}},
		{Name: "empty", Shape: []int{0, 4}, F32: []float32{}},
	}
}

func encode(t testing.TB, ts []Tensor, meta map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, ts, meta); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := encode(t, sample(), map[string]string{"format": "pt"})
	if n := binary.LittleEndian.Uint64(data); (8+n)%8 != 0 {
		t.Errorf("data buffer starts at %d, want a multiple of 8", 8+n)
	}
	f, err := NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Metadata["format"]; got != "pt" {
		t.Errorf("metadata format: got %q, want %q", got, "pt")
	}
	// I64 first (alignment 8), then F32 by name, as the reference writer.
	var order []string
	for _, ti := range f.Tensors {
		order = append(order, ti.Name)
	}
	if want := []string{"bn1.num_batches_tracked", "empty", "fc.bias", "fc.weight"}; !reflect.DeepEqual(order, want) {
		t.Errorf("data order: got %v, want %v", order, want)
	}
	for _, want := range sample() {
		info, ok := f.Lookup(want.Name)
		if !ok {
			t.Fatalf("%s: missing", want.Name)
		}
		if !reflect.DeepEqual(info.Shape, want.Shape) {
			t.Errorf("%s: shape got %v, want %v", want.Name, info.Shape, want.Shape)
		}
		if want.I64 != nil {
			got, err := f.Int64(want.Name)
			if err != nil || !reflect.DeepEqual(got, want.I64) {
				t.Errorf("%s: got %v (%v), want %v", want.Name, got, err, want.I64)
			}
			continue
		}
		got, err := f.Float32(want.Name)
		if err != nil || !reflect.DeepEqual(got, want.F32) {
			t.Errorf("%s: got %v (%v), want %v", want.Name, got, err, want.F32)
		}
	}
	if _, err := f.Float32("bn1.num_batches_tracked"); err == nil || !strings.Contains(err.Error(), "is I64, want F32") {
		t.Errorf("reading I64 as F32: got %v, want an error naming both dtypes", err)
	}
	if err := f.ReadFloat32("fc.bias", make([]float32, 3)); err == nil {
		t.Error("ReadFloat32 into 3 elements for a 2-element tensor: got no error")
	}
}

// TestLargeTensor crosses the 1 MiB read/write chunk boundary.
func TestLargeTensor(t *testing.T) {
	n := (3 << 20) / 4 * 3 / 2 // 1.5 chunks of float32 … and change
	w := make([]float32, n+3)
	for i := range w {
		w[i] = float32(i) * 0.5
	}
	data := encode(t, []Tensor{{Name: "w", Shape: []int{len(w)}, F32: w}, {Name: "n", I64: []int64{3}}}, nil)
	f, err := NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Float32("w")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		t.Error("large tensor did not round-trip")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	if err := WriteFile(path, sample(), nil); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// A failing write (a shape that does not match its data) leaves the
	// previous file and no temporary behind.
	bad := []Tensor{{Name: "x", Shape: []int{5}, F32: []float32{1}}}
	if err := WriteFile(path, bad, nil); err == nil {
		t.Fatal("WriteFile with a bad shape: got no error")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed WriteFile changed the previous file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d entries after a failed write, want 1", len(entries))
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.Tensors) != 4 {
		t.Errorf("got %d tensors, want 4", len(f.Tensors))
	}
}

func TestWriteErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		ts   []Tensor
		want string
	}{
		{"duplicate", []Tensor{{Name: "a", F32: []float32{1}}, {Name: "a", F32: []float32{1}}}, `"a" given twice`},
		{"no data", []Tensor{{Name: "a", Shape: []int{1}}}, "exactly one of F32 and I64"},
		{"both", []Tensor{{Name: "a", F32: []float32{1}, I64: []int64{1}}}, "exactly one of F32 and I64"},
		{"count", []Tensor{{Name: "a", Shape: []int{2, 2}, F32: []float32{1}}}, "needs 4 elements, got 1"},
		{"reserved", []Tensor{{Name: "__metadata__", F32: []float32{1}}}, "reserved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(&bytes.Buffer{}, tc.ts, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// raw builds a file from a literal header and a data buffer.
func raw(header string, data []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(out, header...), data...)
}

// TestReadErrors: each way a file can lie is an error that says what is
// wrong and names the tensor; none panics.
func TestReadErrors(t *testing.T) {
	good := encode(t, sample(), nil)
	eight := make([]byte, 8)
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty file", nil, "shorter than the 8-byte header length"},
		{"truncated length", good[:5], "shorter than the 8-byte header length"},
		{"truncated header", good[:20], "truncated?"},
		{"truncated data", good[:len(good)-1], `"fc.weight": data_offsets [16, 40] do not lie within the 39-byte data buffer`},
		{"huge header length", binary.LittleEndian.AppendUint64(nil, 1<<62), "exceeds the 100000000-byte limit"},
		{"not an object", raw(`["a"]`, nil), "does not start with '{'"},
		{"bad json", raw(`{"a": {`, nil), "header"},
		{"trailing garbage", raw(`{} {}`, nil), "after the JSON object"},
		{"wrong dtype", raw(`{"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}`, eight), `tensor "a": unknown dtype "F33"`},
		{"missing shape", raw(`{"a":{"dtype":"F32","data_offsets":[0,8]}}`, eight), `tensor "a": header entry has no "shape"`},
		{"null offsets", raw(`{"a":{"dtype":"F32","shape":[2],"data_offsets":null}}`, eight), `no "data_offsets"`},
		{"fractional dim", raw(`{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}`, eight), `tensor "a": shape`},
		{"negative dim", raw(`{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}`, eight), `tensor "a": negative dimension`},
		{"wrong shape", raw(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, eight), `tensor "a": shape [3] × F32 (4 bytes) needs more than the 8 bytes`},
		{"short shape", raw(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}`, eight), `tensor "a": shape [1] × F32 (4 bytes) = 4 bytes, but data_offsets [0, 8] span 8`},
		{"overflowing shape", raw(`{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, eight), `tensor "a": shape [4294967296 4294967296]`},
		{"offsets beyond file", raw(`{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}`, eight), `tensor "a": data_offsets [0, 16] do not lie within the 8-byte data buffer`},
		{"reversed offsets", raw(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}`, eight), `tensor "a": data_offsets [8, 0]`},
		{"three offsets", raw(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}`, eight), `want [begin, end]`},
		{"overlap", raw(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `tensor "b" [4, 8) overlaps tensor "a", which ends at 8`},
		{"gap", raw(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `bytes [0, 4) of the data buffer before tensor "a" belong to no tensor`},
		{"tail", raw(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, eight), `bytes [4, 8) at the end`},
		{"duplicate", raw(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight), `tensor "a" appears twice`},
		{"metadata not strings", raw(`{"__metadata__":{"n":1}}`, nil), "must map strings to strings"},
		{"too many tensors", raw(emptyTensors(MaxTensors+1), nil), "header lists more than 65536 tensors (the limit; at byte"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(bytes.NewReader(tc.file), int64(len(tc.file)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// emptyTensors is a header of n empty tensors, the shape of the issue's
// 58 MB header of a million that took 522 MB and 10 s to reject.
func emptyTensors(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"t%d":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`, i)
	}
	b.WriteString("}")
	return b.String()
}

// FuzzRead: whatever the bytes, NewReader and the tensor reads return
// (data or an error) without panicking, and never allocate more than the
// file could hold.
func FuzzRead(f *testing.F) {
	f.Add(encode(f, sample(), map[string]string{"format": "pt"}))
	f.Add(encode(f, []Tensor{{Name: "x", Shape: []int{2, 2}, F32: []float32{1, 2, 3, 4}}}, nil))
	f.Add(raw(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add(raw(`{"a":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}`, make([]byte, 8)))
	f.Add(raw(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add(raw(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)))
	f.Add(raw(`{"a":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}`, make([]byte, 8)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		var total int64
		for _, info := range sf.Tensors {
			total += info.End - info.Begin
			switch info.DType {
			case F32:
				v, err := sf.Float32(info.Name)
				if err != nil || int64(len(v)) != info.Elems() {
					t.Fatalf("%s: %d elements, err %v; header says %d", info.Name, len(v), err, info.Elems())
				}
			case I64:
				v, err := sf.Int64(info.Name)
				if err != nil || int64(len(v)) != info.Elems() {
					t.Fatalf("%s: %d elements, err %v; header says %d", info.Name, len(v), err, info.Elems())
				}
			default:
				if _, err := sf.Float32(info.Name); err == nil {
					t.Fatalf("%s: read %s as F32 without error", info.Name, info.DType)
				}
			}
		}
		if total > int64(len(data)) {
			t.Fatalf("tensors claim %d bytes of a %d-byte file", total, len(data))
		}
	})
}

// eofAtEnd is an io.ReaderAt that, as the interface allows, returns io.EOF
// along with the last bytes of its input (and a short read past the end).
type eofAtEnd struct{ b []byte }

func (r eofAtEnd) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(r.b)) {
		return 0, io.EOF
	}
	n := copy(p, r.b[off:])
	if off+int64(n) == int64(len(r.b)) {
		return n, io.EOF
	}
	return n, nil
}

// TestReaderAtEOF: a reader that says io.EOF with the file's last bytes
// reads the same tensors as one that does not; a short read is an error.
func TestReaderAtEOF(t *testing.T) {
	data := encode(t, sample(), nil)
	f, err := NewReader(eofAtEnd{data}, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Float32("fc.weight") // the last tensor: its bytes end the file
	if err != nil || !reflect.DeepEqual(got, sample()[0].F32) {
		t.Errorf("fc.weight: got %v (%v), want %v", got, err, sample()[0].F32)
	}
	// A size that overstates the input: the header checks pass, the read fails.
	f, err = NewReader(eofAtEnd{data[:len(data)-4]}, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Float32("fc.weight"); err == nil || !strings.Contains(err.Error(), `tensor "fc.weight": reading bytes`) {
		t.Errorf("short read: got %v, want an error naming the tensor", err)
	}
}
