package safetensors

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
)

// Tensor is one tensor to write. Exactly one of F32 and I64 is non-nil;
// it holds prod(Shape) elements in row-major order.
type Tensor struct {
	Name  string
	Shape []int
	F32   []float32
	I64   []int64
}

func (t *Tensor) dtype() DType {
	switch {
	case t.F32 != nil && t.I64 == nil:
		return F32
	case t.I64 != nil && t.F32 == nil:
		return I64
	}
	return invalid
}

func (t *Tensor) len() int {
	if t.F32 != nil {
		return len(t.F32)
	}
	return len(t.I64)
}

type headerEntry struct {
	DType       DType    `json:"dtype"`
	Shape       []int    `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// Write writes the tensors and the metadata (may be nil) in safetensors
// format. Tensors are laid out I64 first, then F32, each group by name.
func Write(w io.Writer, tensors []Tensor, metadata map[string]string) error {
	order := make([]*Tensor, len(tensors))
	seen := make(map[string]bool, len(tensors))
	for i := range tensors {
		t := &tensors[i]
		if t.Name == metadataKey {
			return fmt.Errorf("safetensors: %q is reserved for metadata", metadataKey)
		}
		if seen[t.Name] {
			return fmt.Errorf("safetensors: tensor %q given twice", t.Name)
		}
		seen[t.Name] = true
		if t.dtype() == invalid {
			return fmt.Errorf("safetensors: tensor %q: set exactly one of F32 and I64", t.Name)
		}
		n := 1
		for _, d := range t.Shape {
			if d < 0 {
				return fmt.Errorf("safetensors: tensor %q: negative dimension in shape %v", t.Name, t.Shape)
			}
			n *= d
		}
		if n != t.len() {
			return fmt.Errorf("safetensors: tensor %q: shape %v needs %d elements, got %d", t.Name, t.Shape, n, t.len())
		}
		order[i] = t
	}
	// The reference writer's order: larger alignment first, then by name,
	// so that every tensor starts aligned to its element size.
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i].dtype().Size(), order[j].dtype().Size()
		if a != b {
			return a > b
		}
		return order[i].Name < order[j].Name
	})

	header := make(map[string]any, len(tensors)+1)
	if metadata != nil {
		header[metadataKey] = metadata
	}
	var at int64
	for _, t := range order {
		n := int64(t.len()) * int64(t.dtype().Size())
		shape := t.Shape
		if shape == nil {
			shape = []int{} // a scalar: "shape": [], never null
		}
		header[t.Name] = headerEntry{DType: t.dtype(), Shape: shape, DataOffsets: [2]int64{at, at + n}}
		at += n
	}
	js, err := json.Marshal(header)
	if err != nil {
		return fmt.Errorf("safetensors: encoding the header: %w", err)
	}
	for len(js)%8 != 0 { // the data buffer starts 8-byte aligned
		js = append(js, ' ')
	}

	bw := bufio.NewWriterSize(w, chunk)
	var lenBuf [8]byte
	binary.LittleEndian.PutUint64(lenBuf[:], uint64(len(js)))
	bw.Write(lenBuf[:])
	bw.Write(js)
	buf := make([]byte, 0, chunk)
	for _, t := range order {
		for _, v := range t.I64 {
			buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
			if len(buf) > chunk-8 {
				bw.Write(buf)
				buf = buf[:0]
			}
		}
		for _, v := range t.F32 {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			if len(buf) > chunk-8 {
				bw.Write(buf)
				buf = buf[:0]
			}
		}
	}
	bw.Write(buf)
	if err := bw.Flush(); err != nil { // bufio keeps the first write error
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// WriteFile writes the tensors to path atomically: into a temporary file
// in the same directory, synced, then renamed over path. If anything fails
// the previous file at path is left as it was.
func WriteFile(path string, tensors []Tensor, metadata map[string]string) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return Write(w, tensors, metadata) })
}
