package imagenet

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// pngHeader is a PNG signature and IHDR chunk declaring a w×h image of
// 8-bit samples of the given colour type (0 grey, 2 RGB), followed by an
// IEND: all a decoder reads before it allocates the pixels.
func pngHeader(w, h uint32, colorType byte) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b []byte
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, typ...)
		b = append(b, data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	var ihdr []byte
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, colorType, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}

// encodePNG encodes a w×h grey image whose pixels follow a pattern.
func encodePNG(t testing.TB, w, h int) []byte {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecodeLimits: the crafted headers (2^28 × 2^28 panicked in
// makeslice, 2^20 × 2^20 ran out of memory, 1 × 20,000 and 1 × 65,535 cost
// gigabytes) are refused from the header alone, with the sizes and the
// limit in the message.
func TestDecodeLimits(t *testing.T) {
	for _, tc := range []struct {
		w, h  uint32
		color byte
		want  string
	}{
		{1 << 28, 1 << 28, 2, "image is 268435456×268435456: a side beyond the limit of 8192 pixels"},
		{1 << 20, 1 << 20, 0, "image is 1048576×1048576: a side beyond the limit of 8192 pixels"},
		{1, 20000, 0, "image is 1×20000: a side beyond the limit of 8192 pixels"},
		{1, 65535, 2, "image is 1×65535: a side beyond the limit of 8192 pixels"},
		{8000, 8000, 2, "image is 8000×8000 = 64000000 pixels: beyond the limit of 40000000"},
	} {
		data := pngHeader(tc.w, tc.h, tc.color)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Decode(bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d×%d header (%d bytes): got %v, want %q", tc.w, tc.h, len(data), err, tc.want)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%d×%d header: allocated %d bytes to refuse it, want under 1 MiB", tc.w, tc.h, n)
		}
	}
}

// TestThinImageCheap: a 1 × 8,192 strip (within the limits) goes through
// Transform allocating megabytes, not the 1.6 GB of resizing it whole to a
// 256 short side (256 × 2,097,152 × 3 bytes) before cropping.
func TestThinImageCheap(t *testing.T) {
	img, err := Decode(bytes.NewReader(encodePNG(t, 1, MaxSide)))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	x := Transform(img)
	runtime.ReadMemStats(&after)
	if got := x.Shape; len(got) != 4 || got[2] != CropSize || got[3] != CropSize {
		t.Fatalf("shape %v, want (1, 3, 224, 224)", got)
	}
	// 224 columns × 8,192 rows × 3 bytes after the horizontal pass: 5.5 MB.
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("Transform of 1×%d allocated %d bytes, want under 16 MiB", MaxSide, n)
	}
}

// TestResizeCropIsResizeThenCrop: the windowed resize equals the obvious
// one (resize the whole image, then crop) byte for byte, on awkward sizes:
// shrinking, enlarging, one axis unchanged, crops larger than the image.
func TestResizeCropIsResizeThenCrop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range [][6]int{ // src w, h → resized w, h → crop w, h
		{97, 61, 256 * 97 / 61, 256, 224, 224},
		{61, 97, 256, 256 * 97 / 61, 224, 224},
		{1, 300, 256, 76800, 224, 224},
		{300, 1, 76800, 256, 224, 224},
		{40, 40, 40, 57, 11, 13},
		{40, 40, 57, 40, 13, 40},
		{50, 30, 20, 12, 24, 16},
		{5, 3, 7, 9, 7, 9},
		{33, 17, 33, 17, 8, 9},
	} {
		src := NewRGB(tc[0], tc[1])
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.IntN(256))
		}
		got := ResizeCrop(src, tc[2], tc[3], tc[4], tc[5])
		want := CenterCrop(Resize(src, tc[2], tc[3]), tc[4], tc[5])
		if got.W != want.W || got.H != want.H || !bytes.Equal(got.Pix, want.Pix) {
			m, _ := diff(got, want)
			t.Errorf("%d×%d → %d×%d, crop %d×%d: differs from resize-then-crop by up to %d levels",
				tc[0], tc[1], tc[2], tc[3], tc[4], tc[5], m)
		}
	}
}

// FuzzDecode: whatever the bytes, Decode and Transform return an error or
// a (1, 3, 224, 224) tensor, never panic, and never decode beyond the limits.
func FuzzDecode(f *testing.F) {
	f.Add(encodePNG(f, 3, 5))
	f.Add(encodePNG(f, 1, 300))
	f.Add(pngHeader(1<<28, 1<<28, 2))
	f.Add(pngHeader(1, 65535, 0))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte("\xff\xd8\xff\xdb"))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		if err := CheckSize(img.W, img.H); err != nil {
			t.Fatalf("decoded an image beyond the limits: %v", err)
		}
		x := Transform(img)
		if len(x.Shape) != 4 || x.Shape[1] != 3 || x.Shape[2] != CropSize || x.Shape[3] != CropSize {
			t.Fatalf("Transform gave shape %v", x.Shape)
		}
	})
}
