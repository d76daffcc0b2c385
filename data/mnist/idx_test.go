package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the synthetic IDX files in testdata/")

// idxBytes is an IDX stream: big-endian magic and dimensions, then data.
func idxBytes(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, dims)
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// tinyPixels are three 28×28 images with a deterministic pattern.
func tinyPixels(n int) []byte {
	p := make([]byte, n*Rows*Cols)
	for i := range p {
		p[i] = byte(i * 7 % 256)
	}
	return p
}

// synthetic is every file in testdata/: a valid three-image set and the
// damaged ones, each small.
func synthetic() map[string][]byte {
	img := idxBytes(imageMagic, []uint32{3, 28, 28}, tinyPixels(3))
	lbl := idxBytes(labelMagic, []uint32{3}, []byte{7, 2, 1})
	badCRC := gz(lbl)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 precedes ISIZE (RFC 1952 §2.3)
	return map[string][]byte{
		"tiny-images-idx3-ubyte.gz":      gz(img),
		"tiny-labels-idx1-ubyte.gz":      gz(lbl),
		"tiny-images-idx3-ubyte":         img,
		"truncated-images-idx3-ubyte.gz": gz(img[:16+2*784+100]),
		"truncated-images-idx3-ubyte":    img[:16+784+392],
		"cut-images-idx3-ubyte.gz":       gz(img)[:len(gz(img))/2],
		"header-labels-idx1-ubyte.gz":    gz(lbl[:6]),
		"magic-labels-idx1-ubyte.gz":     gz(idxBytes(imageMagic, []uint32{3}, []byte{7, 2, 1})),
		"dims-images-idx3-ubyte.gz":      gz(idxBytes(imageMagic, []uint32{3, 28, 27}, tinyPixels(3)[:3*28*27])),
		"huge-images-idx3-ubyte.gz":      gz(idxBytes(imageMagic, []uint32{1 << 31, 28, 28}, nil)),
		"digit-labels-idx1-ubyte.gz":     gz(idxBytes(labelMagic, []uint32{3}, []byte{7, 2, 10})),
		"trailing-labels-idx1-ubyte.gz":  gz(append(append([]byte(nil), lbl...), 0, 0, 0, 0, 0)),
		"crc-labels-idx1-ubyte.gz":       badCRC,
		"two-labels-idx1-ubyte.gz":       gz(idxBytes(labelMagic, []uint32{2}, []byte{7, 2})),
	}
}

func TestSyntheticFiles(t *testing.T) {
	for name, b := range synthetic() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		// gzip output may differ between Go versions: compare what it holds.
		if !bytes.Equal(got, b) && !strings.HasSuffix(name, ".gz") {
			t.Errorf("%s: stale, run go test -update", name)
		}
	}
}

func TestReadFiles(t *testing.T) {
	for _, images := range []string{"tiny-images-idx3-ubyte.gz", "tiny-images-idx3-ubyte"} {
		s, err := ReadFiles(filepath.Join("testdata", images), "testdata/tiny-labels-idx1-ubyte.gz")
		if err != nil {
			t.Fatal(err)
		}
		if s.N != 3 || !bytes.Equal(s.Labels, []byte{7, 2, 1}) || !bytes.Equal(s.Pixels, tinyPixels(3)) {
			t.Errorf("%s: got N=%d labels %v, want 3 images of the test pattern labelled [7 2 1]", images, s.N, s.Labels)
		}
	}
}

// TestDamagedFiles: every damaged file is an error naming the file and
// the byte offset where it stops making sense.
func TestDamagedFiles(t *testing.T) {
	for _, tc := range []struct {
		images, labels string
		want           []string
	}{
		{"truncated-images-idx3-ubyte.gz", "", []string{"truncated-images-idx3-ubyte.gz: the header (byte 4) promises 3 images, 2,368 bytes in all, but the data ends at byte 1,684, inside image 2"}},
		{"truncated-images-idx3-ubyte", "", []string{"truncated-images-idx3-ubyte: the header (byte 4) promises 3 images, 2,368 bytes in all, but the data ends at byte 1,192, inside image 1"}},
		{"cut-images-idx3-ubyte.gz", "", []string{"cut-images-idx3-ubyte.gz: byte 152: gzip: unexpected EOF (the header promises 3 images"}},
		{"", "header-labels-idx1-ubyte.gz", []string{"header-labels-idx1-ubyte.gz: byte 6: the file ends inside the 8-byte labels header"}},
		{"", "magic-labels-idx1-ubyte.gz", []string{"magic-labels-idx1-ubyte.gz: byte 0: magic number 0x00000803, want 0x00000801"}},
		{"dims-images-idx3-ubyte.gz", "", []string{"dims-images-idx3-ubyte.gz: byte 12: images of 28×27 pixels, want 28×28"}},
		{"huge-images-idx3-ubyte.gz", "", []string{"huge-images-idx3-ubyte.gz: byte 4: the header counts 2,147,483,648 images, more than MNIST's largest file (60,000)"}},
		{"", "digit-labels-idx1-ubyte.gz", []string{"digit-labels-idx1-ubyte.gz: byte 10: label 10 of item 2 is not a digit 0–9"}},
		{"", "trailing-labels-idx1-ubyte.gz", []string{"trailing-labels-idx1-ubyte.gz: the header (byte 4) promises 3 labels, 11 bytes in all, but 5 bytes (or more) follow the last item at byte 11"}},
		{"", "crc-labels-idx1-ubyte.gz", []string{"crc-labels-idx1-ubyte.gz: byte 11: gzip: invalid checksum"}},
		{"", "two-labels-idx1-ubyte.gz", []string{"tiny-images-idx3-ubyte.gz holds 3 images but two-labels-idx1-ubyte.gz holds 2 labels"}},
		{"", "missing-labels-idx1-ubyte.gz", []string{"missing-labels-idx1-ubyte.gz", "no such file"}},
	} {
		images, labels := tc.images, tc.labels
		if images == "" {
			images = "tiny-images-idx3-ubyte.gz"
		}
		if labels == "" {
			labels = "tiny-labels-idx1-ubyte.gz"
		}
		t.Run(images+"+"+labels, func(t *testing.T) {
			_, err := ReadFiles(filepath.Join("testdata", images), filepath.Join("testdata", labels))
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestSplitCount: Load's files must hold exactly the split's count.
func TestSplitCount(t *testing.T) {
	_, _, err := readIDX("testdata/tiny-labels-idx1-ubyte.gz", labelsKind, TestCount)
	want := "tiny-labels-idx1-ubyte.gz: byte 4: the header counts 3 labels, want 10,000"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
	if _, err := Load("validation"); err == nil || !strings.Contains(err.Error(), `unknown split "validation"`) {
		t.Errorf("Load(validation): got %v, want an unknown-split error", err)
	}
}

// FuzzParse: no input makes the parser panic or allocate past its bound.
func FuzzParse(f *testing.F) {
	for _, b := range synthetic() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, k := range []kind{imagesKind, labelsKind} {
			data, n, err := parseIDX("fuzz", b, k, -1)
			if err == nil && len(data) != n*k.per {
				t.Errorf("got %d bytes for %d items of %d", len(data), n, k.per)
			}
		}
	})
}

// TestReadBounds: the issue's /dev/zero (read whole until out of memory)
// and files too large or with a wrong magic number are refused from their
// size and first bytes, allocating almost nothing.
func TestReadBounds(t *testing.T) {
	dir := t.TempDir()
	sparse := func(name string, size int64, head []byte) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(head)
		if err := f.Truncate(size); err != nil { // a hole: no disk used
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	labels := filepath.Join(dir, "labels")
	os.WriteFile(labels, []byte{0, 0, 8, 1, 0, 0, 0, 0}, 0o644)
	for _, tc := range []struct {
		name, images, want string
	}{
		{"dev-zero", "/dev/zero", "/dev/zero is not a regular file"},
		{"too-large", sparse("big", 100<<20, []byte{0, 0, 8, 3}), "big: 104,857,600 bytes, more than an IDX images file of 60,000 items can hold (47,040,016)"},
		{"wrong-magic", sparse("zeros", 40<<20, nil), "zeros: byte 0: magic number 0x00000000, want 0x00000803 (IDX images) or a gzip file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.images); err != nil {
				t.Skip(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadFiles(tc.images, labels)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Errorf("allocated %d bytes to refuse it, want under 1 MiB", n)
			}
		})
	}
}
