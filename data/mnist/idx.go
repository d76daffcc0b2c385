package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cnnbook/cnnbook/nn"
)

// IDX magic numbers: two zero bytes, the type code 0x08 (unsigned byte)
// and the number of dimensions (LeCun & Cortes, the MNIST page's "THE IDX
// FILE FORMAT").
const (
	imageMagic = 0x00000803 // unsigned bytes, 3 dimensions: count × rows × columns
	labelMagic = 0x00000801 // unsigned bytes, 1 dimension: count
)

// kind is what an IDX file holds.
type kind struct {
	what   string // "images", "labels"
	magic  uint32
	header int // bytes before the data: 4 per dimension + 4 for the magic
	per    int // bytes per item
}

var (
	imagesKind = kind{"images", imageMagic, 16, Rows * Cols}
	labelsKind = kind{"labels", labelMagic, 8, 1}
)

// readIDX reads the IDX file at path (gzip-compressed or not) and returns
// its items, count·k.per bytes. want ≥ 0 is the count the file must hold.
//
// Before reading the file whole it checks, from its size and first four
// bytes, that it can be one: a regular file, no larger than the largest
// IDX file of its kind uncompressed (16 + 60,000·784 bytes for images),
// starting with the kind's magic number or gzip's.
func readIDX(path string, k kind, want int) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("mnist: %w", err)
	}
	name := filepath.Base(path)
	most := int64(k.header) + maxCount*int64(k.per) // gzip only makes it smaller
	switch {
	case !fi.Mode().IsRegular():
		return nil, 0, fmt.Errorf("mnist: %s is not a regular file (%v)", path, fi.Mode().Type())
	case fi.Size() > most:
		return nil, 0, fmt.Errorf("mnist: %s: %s bytes, more than an IDX %s file of %s items can hold (%s)",
			name, nn.Comma(fi.Size()), k.what, nn.Comma(maxCount), nn.Comma(most))
	}
	var head [4]byte
	if n, _ := io.ReadFull(f, head[:]); n == 4 && binary.BigEndian.Uint32(head[:]) != k.magic && (head[0] != 0x1f || head[1] != 0x8b) {
		return nil, 0, fmt.Errorf("mnist: %s: byte 0: magic number 0x%08x, want 0x%08x (IDX %s) or a gzip file",
			name, binary.BigEndian.Uint32(head[:]), k.magic, k.what)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("mnist: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(f, most+1)) // the size may have grown since Stat
	if err != nil {
		return nil, 0, fmt.Errorf("mnist: %s: %w", name, err)
	}
	if int64(len(raw)) > most {
		return nil, 0, fmt.Errorf("mnist: %s: more than %s bytes", name, nn.Comma(most))
	}
	return parseIDX(name, raw, k, want)
}

// parseIDX decodes one IDX file held in raw; name is used in errors.
// Offsets in errors are bytes of the uncompressed IDX stream.
func parseIDX(name string, raw []byte, k kind, want int) ([]byte, int, error) {
	fail := func(off int64, format string, args ...any) error {
		return fmt.Errorf("mnist: %s: byte %s: %s", name, nn.Comma(off), fmt.Sprintf(format, args...))
	}
	var r io.Reader = bytes.NewReader(raw)
	// length is the uncompressed length, known before any allocation:
	// the file size, or gzip's ISIZE trailer, "the size of the original
	// (uncompressed) input data modulo 2^32" (RFC 1952 §2.3.1).
	length, gz := int64(len(raw)), len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b
	if gz {
		if len(raw) < 18 { // 10-byte header + 8-byte trailer (RFC 1952 §2.3)
			return nil, 0, fmt.Errorf("mnist: %s: %d bytes is too short for a gzip file (at least 18)", name, len(raw))
		}
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, 0, fmt.Errorf("mnist: %s: gzip: %v", name, err)
		}
		zr.Multistream(false)
		r, length = zr, int64(binary.LittleEndian.Uint32(raw[len(raw)-4:]))
	}

	// Header: big-endian 32-bit magic, count (, rows, columns).
	hdr := make([]byte, k.header)
	if got, err := io.ReadFull(r, hdr); err != nil {
		return nil, 0, fail(int64(got), "the file ends inside the %d-byte %s header (%v)", k.header, k.what, err)
	}
	word := func(i int) uint32 { return binary.BigEndian.Uint32(hdr[4*i:]) }
	if m := word(0); m != k.magic {
		return nil, 0, fail(0, "magic number 0x%08x, want 0x%08x (IDX %s)", m, k.magic, k.what)
	}
	count64 := int64(word(1))
	switch {
	case want >= 0 && count64 != int64(want):
		return nil, 0, fail(4, "the header counts %s %s, want %s", nn.Comma(count64), k.what, nn.Comma(int64(want)))
	case count64 > maxCount:
		return nil, 0, fail(4, "the header counts %s %s, more than MNIST's largest file (%s)", nn.Comma(count64), k.what, nn.Comma(maxCount))
	}
	count := int(count64)
	if k.magic == imageMagic {
		if rows, cols := word(2), word(3); rows != Rows || cols != Cols {
			off := int64(8)
			if rows == Rows {
				off = 12
			}
			return nil, 0, fail(off, "images of %d×%d pixels, want %d×%d", rows, cols, Rows, Cols)
		}
	}

	// The length check, before allocating. A gzip trailer that disagrees
	// may itself be damaged (a cut file ends mid-stream): then stream the
	// data, without keeping it, to find where it really ends.
	size := int64(count) * int64(k.per)
	end := int64(k.header) + size
	if gz && uint32(length) != uint32(end) {
		n, err := io.Copy(io.Discard, io.LimitReader(r, size+1<<20))
		if err != nil {
			return nil, 0, fail(int64(k.header)+n, "gzip: %v (the header promises %s %s, %s bytes in all)", err, nn.Comma(count64), k.what, nn.Comma(end))
		}
		length = int64(k.header) + n
	}
	if length != end {
		return nil, 0, fmt.Errorf("mnist: %s: the header (byte 4) promises %s %s, %s bytes in all, but %s",
			name, nn.Comma(count64), k.what, nn.Comma(end), lengthProblem(k, length, end))
	}

	data := make([]byte, size)
	if got, err := io.ReadFull(r, data); err != nil {
		off := int64(k.header) + int64(got)
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, 0, fail(off, "the data ends inside %s %d of %s", k.what[:len(k.what)-1], got/k.per, nn.Comma(count64))
		}
		return nil, 0, fail(off, "%v", err)
	}
	// Reading to the end makes gzip verify its CRC-32 and finds extra bytes.
	if extra, err := io.Copy(io.Discard, r); err != nil {
		return nil, 0, fail(end+extra, "%v", err)
	} else if extra > 0 {
		return nil, 0, fail(end, "%s bytes after the last of the %s %s", nn.Comma(extra), nn.Comma(count64), k.what)
	}
	if k.magic == labelMagic {
		for i, l := range data {
			if l >= Classes {
				return nil, 0, fail(int64(k.header+i), "label %d of item %s is not a digit 0–9", l, nn.Comma(int64(i)))
			}
		}
	}
	return data, count, nil
}

// lengthProblem says what a stream of length bytes instead of end means.
func lengthProblem(k kind, length, end int64) string {
	switch {
	case length < int64(k.header):
		return fmt.Sprintf("the data ends at byte %s, inside the header", nn.Comma(length))
	case length < end:
		item := (length - int64(k.header)) / int64(k.per)
		return fmt.Sprintf("the data ends at byte %s, inside %s %s (truncated?)", nn.Comma(length), k.what[:len(k.what)-1], nn.Comma(item))
	default:
		return fmt.Sprintf("%s bytes (or more) follow the last item at byte %s", nn.Comma(length-end), nn.Comma(end))
	}
}
