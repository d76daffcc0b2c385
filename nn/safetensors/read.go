package safetensors

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
)

// MaxHeader is the largest header accepted, in bytes: 100 MB, the limit of
// the reference implementation (safetensors/src/tensor.rs, MAX_HEADER_SIZE).
const MaxHeader = 100_000_000

// MaxTensors is the most tensors a header may list: 65,536. The largest
// model of the book (resnet1202) has 6,007 parameters and ~2,000
// num_batches_tracked counters; the bound stops a crafted header of a
// million empty tensors after 65,536 entries instead of building them all.
const MaxTensors = 1 << 16

// metadataKey is the header entry that holds string metadata, not a tensor.
const metadataKey = "__metadata__"

// Info describes one tensor of a file, as its header entry says.
type Info struct {
	Name  string
	DType DType
	Shape []int
	// Begin and End are the tensor's byte range [Begin, End) in the data
	// buffer (the header's data_offsets).
	Begin, End int64
}

// Elems is the number of elements (1 for a scalar of shape []).
func (t Info) Elems() int64 {
	n := int64(1)
	for _, d := range t.Shape {
		n *= int64(d)
	}
	return n
}

// File is a validated safetensors file whose tensors are read on demand.
// Every header claim has been checked when NewReader or Open returns.
type File struct {
	Tensors  []Info            // in data-buffer order
	Metadata map[string]string // the "__metadata__" entry; nil if absent

	r      io.ReaderAt
	data   int64 // offset of the data buffer in r
	byName map[string]int
	closer io.Closer
}

// Open opens and validates the file at path. Close it when done.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	sf, err := NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sf.closer = f
	return sf, nil
}

// Close closes the underlying file of Open; it does nothing for NewReader.
func (f *File) Close() error {
	if f.closer == nil {
		return nil
	}
	return f.closer.Close()
}

// Lookup returns the header entry of the named tensor.
func (f *File) Lookup(name string) (Info, bool) {
	i, ok := f.byName[name]
	if !ok {
		return Info{}, false
	}
	return f.Tensors[i], true
}

// NewReader validates the safetensors file of the given size held by r
// (the header completely, the data buffer's layout against the header) and
// returns it ready to read tensors from.
func NewReader(r io.ReaderAt, size int64) (*File, error) {
	if size < 8 {
		return nil, fmt.Errorf("safetensors: file is %d bytes, shorter than the 8-byte header length", size)
	}
	var lenBuf [8]byte
	if err := readAt(r, lenBuf[:], 0); err != nil {
		return nil, fmt.Errorf("safetensors: reading the header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > MaxHeader {
		return nil, fmt.Errorf("safetensors: header length %d exceeds the %d-byte limit", n, MaxHeader)
	}
	if int64(n) > size-8 {
		return nil, fmt.Errorf("safetensors: header length %d, but the file has only %d bytes after the 8-byte length (truncated?)", n, size-8)
	}
	// The header is decoded as it streams from r, not read whole first:
	// memory follows the tensors it lists (at most MaxTensors), not its
	// length (up to MaxHeader).
	var first [1]byte
	if n > 0 {
		if err := readAt(r, first[:], 8); err != nil {
			return nil, fmt.Errorf("safetensors: reading the %d-byte header: %w", n, err)
		}
	}
	f := &File{r: r, data: 8 + int64(n)}
	header := bufio.NewReaderSize(io.NewSectionReader(r, 8, int64(n)), 64<<10)
	if err := f.parseHeader(first[0], header, int64(n), size-f.data); err != nil {
		return nil, err
	}
	return f, nil
}

// parseHeader decodes the JSON header of n bytes, whose first byte is
// first, and checks every entry against the data buffer of dataLen bytes.
func (f *File) parseHeader(first byte, header io.Reader, n, dataLen int64) error {
	if n == 0 || first != '{' {
		return errors.New("safetensors: header does not start with '{'")
	}
	dec := json.NewDecoder(header)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the opening '{'
		return fmt.Errorf("safetensors: header: %w", err)
	}
	f.byName = make(map[string]int)
	seenMeta := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("safetensors: header: %w", err)
		}
		name, ok := tok.(string)
		if !ok {
			return fmt.Errorf("safetensors: header: expected a name, got %v", tok)
		}
		if name == metadataKey {
			if seenMeta {
				return fmt.Errorf("safetensors: header: %q appears twice", metadataKey)
			}
			seenMeta = true
			if err := dec.Decode(&f.Metadata); err != nil {
				return fmt.Errorf("safetensors: header: %s must map strings to strings: %w", metadataKey, err)
			}
			continue
		}
		if _, dup := f.byName[name]; dup {
			return fmt.Errorf("safetensors: tensor %q appears twice in the header", name)
		}
		if len(f.Tensors) == MaxTensors {
			return fmt.Errorf("safetensors: header lists more than %d tensors (the limit; at byte %d of %d)", MaxTensors, dec.InputOffset(), n)
		}
		var raw map[string]json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("safetensors: tensor %q: header entry: %w", name, err)
		}
		info, err := parseEntry(name, raw, dataLen)
		if err != nil {
			return err
		}
		f.byName[name] = len(f.Tensors)
		f.Tensors = append(f.Tensors, info)
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return fmt.Errorf("safetensors: header: %w", err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("safetensors: header: unexpected %v after the JSON object", tok)
	}
	return f.checkLayout(dataLen)
}

// parseEntry checks one tensor's dtype, shape and offsets on their own.
func parseEntry(name string, raw map[string]json.RawMessage, dataLen int64) (Info, error) {
	info := Info{Name: name}
	bad := func(format string, args ...any) (Info, error) {
		return Info{}, fmt.Errorf("safetensors: tensor %q: %s", name, fmt.Sprintf(format, args...))
	}
	var dtype string
	var shape, offsets []int64
	for _, field := range []struct {
		key string
		dst any
	}{{"dtype", &dtype}, {"shape", &shape}, {"data_offsets", &offsets}} {
		v, ok := raw[field.key]
		if !ok || string(v) == "null" {
			return bad("header entry has no %q", field.key)
		}
		if err := json.Unmarshal(v, field.dst); err != nil {
			return bad("%s %s: %v", field.key, v, err)
		}
	}
	info.DType = DType(dtype)
	size := info.DType.Size()
	if size == 0 {
		return bad("unknown dtype %q", dtype)
	}
	if len(offsets) != 2 {
		return bad("data_offsets %v: want [begin, end]", offsets)
	}
	info.Begin, info.End = offsets[0], offsets[1]
	if info.Begin < 0 || info.End < info.Begin || info.End > dataLen {
		return bad("data_offsets [%d, %d] do not lie within the %d-byte data buffer", info.Begin, info.End, dataLen)
	}
	// Count elements without overflowing: a non-empty tensor cannot hold
	// more elements than its byte range has room for.
	limit := (info.End - info.Begin) / int64(size)
	elems, zero := int64(1), false
	for _, d := range shape {
		if d < 0 {
			return bad("negative dimension in shape %v", shape)
		}
		if d == 0 {
			zero = true
		}
	}
	if zero {
		elems = 0
	} else {
		for _, d := range shape {
			if elems > limit/d {
				return bad("shape %v × %s (%d bytes) needs more than the %d bytes of data_offsets [%d, %d]",
					shape, dtype, size, info.End-info.Begin, info.Begin, info.End)
			}
			elems *= d
		}
	}
	if want := elems * int64(size); want != info.End-info.Begin {
		return bad("shape %v × %s (%d bytes) = %d bytes, but data_offsets [%d, %d] span %d",
			shape, dtype, size, want, info.Begin, info.End, info.End-info.Begin)
	}
	info.Shape = make([]int, len(shape))
	for i, d := range shape {
		info.Shape[i] = int(d)
	}
	return info, nil
}

// checkLayout sorts the tensors by offset and checks that their byte
// ranges tile the data buffer exactly: no gap, no overlap, no tail.
func (f *File) checkLayout(dataLen int64) error {
	sort.SliceStable(f.Tensors, func(i, j int) bool {
		a, b := f.Tensors[i], f.Tensors[j]
		if a.Begin != b.Begin {
			return a.Begin < b.Begin
		}
		return a.End < b.End
	})
	var at int64
	prev := ""
	for i, t := range f.Tensors {
		switch {
		case t.Begin > at:
			return fmt.Errorf("safetensors: bytes [%d, %d) of the data buffer before tensor %q belong to no tensor", at, t.Begin, t.Name)
		case t.Begin < at:
			return fmt.Errorf("safetensors: tensor %q [%d, %d) overlaps tensor %q, which ends at %d", t.Name, t.Begin, t.End, prev, at)
		}
		at, prev = t.End, t.Name
		f.byName[t.Name] = i
	}
	if at != dataLen {
		return fmt.Errorf("safetensors: bytes [%d, %d) at the end of the data buffer belong to no tensor", at, dataLen)
	}
	return nil
}

// chunk is how many bytes a read converts at a time, so reading a 400 MB
// tensor does not hold a second 400 MB copy in bytes.
const chunk = 1 << 20

// Float32 reads an F32 tensor into a new slice.
func (f *File) Float32(name string) ([]float32, error) {
	info, err := f.check(name, F32)
	if err != nil {
		return nil, err
	}
	dst := make([]float32, info.Elems())
	return dst, f.read(info, func(b []byte, at int) { decodeF32(dst[at:at+len(b)/4], b) })
}

// ReadFloat32 reads an F32 tensor into dst, which must have exactly its
// number of elements.
func (f *File) ReadFloat32(name string, dst []float32) error {
	info, err := f.check(name, F32)
	if err != nil {
		return err
	}
	if int64(len(dst)) != info.Elems() {
		return fmt.Errorf("safetensors: tensor %q has %d elements (shape %v), destination has %d", name, info.Elems(), info.Shape, len(dst))
	}
	return f.read(info, func(b []byte, at int) { decodeF32(dst[at:at+len(b)/4], b) })
}

// Int64 reads an I64 tensor into a new slice.
func (f *File) Int64(name string) ([]int64, error) {
	info, err := f.check(name, I64)
	if err != nil {
		return nil, err
	}
	dst := make([]int64, info.Elems())
	return dst, f.read(info, func(b []byte, at int) {
		d := dst[at : at+len(b)/8]
		for i := range d {
			d[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
	})
}

// decodeF32 converts little-endian bytes, 4 per element, into d.
func decodeF32(d []float32, b []byte) {
	b = b[:4*len(d)]
	for i := range d {
		d[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}

func (f *File) check(name string, want DType) (Info, error) {
	info, ok := f.Lookup(name)
	if !ok {
		return Info{}, fmt.Errorf("safetensors: no tensor %q in the file", name)
	}
	if info.DType != want {
		return Info{}, fmt.Errorf("safetensors: tensor %q is %s, want %s", name, info.DType, want)
	}
	return info, nil
}

// read streams the tensor's bytes in chunks to put(bytes, first element).
func (f *File) read(info Info, put func(b []byte, at int)) error {
	size := int64(info.DType.Size())
	total := info.End - info.Begin
	buf := make([]byte, min(total, chunk))
	for off := int64(0); off < total; {
		b := buf[:min(total-off, chunk)]
		if err := readAt(f.r, b, f.data+info.Begin+off); err != nil {
			return fmt.Errorf("safetensors: tensor %q: reading bytes [%d, %d): %w", info.Name, info.Begin+off, info.Begin+off+int64(len(b)), err)
		}
		put(b, int(off/size))
		off += int64(len(b))
	}
	return nil
}

// readAt fills p from r at off. io.ReaderAt may return io.EOF together
// with all len(p) bytes when they end the input; that is success.
func readAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
