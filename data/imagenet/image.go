package imagenet

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // register decoders for image.Decode
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
)

// RGB is an 8-bit RGB image, PIL's mode "RGB":
//
//	channel c of pixel (x, y) is Pix[(y·W + x)·3 + c]
type RGB struct {
	W, H int
	Pix  []uint8
}

// NewRGB returns a black w×h image.
func NewRGB(w, h int) *RGB {
	if w < 0 || h < 0 {
		panic("imagenet: negative image size")
	}
	return &RGB{W: w, H: h, Pix: make([]uint8, 3*w*h)}
}

// FromImage converts img as PIL's Image.convert("RGB") does: grey is
// replicated, alpha dropped (the colour channels are taken as stored,
// not composited onto a background), 16-bit samples keep their high byte.
// A JPEG's YCbCr is converted as libjpeg does inside PIL (fromYCbCr).
func FromImage(img image.Image) *RGB {
	if m, ok := img.(*image.YCbCr); ok {
		if out := fromYCbCr(m); out != nil {
			return out
		}
	}
	b := img.Bounds()
	out := NewRGB(b.Dx(), b.Dy())
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var r, g, bl uint8
			switch m := img.(type) {
			case *image.Gray:
				v := m.GrayAt(x, y).Y
				r, g, bl = v, v, v
			case *image.YCbCr:
				c := m.YCbCrAt(x, y)
				r, g, bl = color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			case *image.NRGBA:
				c := m.NRGBAAt(x, y)
				r, g, bl = c.R, c.G, c.B
			default:
				c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
				r, g, bl = uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8)
			}
			out.Pix[i], out.Pix[i+1], out.Pix[i+2] = r, g, bl
			i += 3
		}
	}
	return out
}

// The largest image Decode accepts, checked on the size the file's header
// declares before any pixel is decoded. These are this package's policy,
// not a format's: a 40-megapixel photograph (7,744 × 5,164 from a 40 MP
// camera) decodes to at most 160 MB of RGBA (plus 120 MB as RGB), while a
// crafted header claiming 2^28 × 2^28 pixels is refused in a few bytes.
const (
	MaxSide   = 8192       // pixels on either side
	MaxPixels = 40_000_000 // width × height
)

// CheckSize returns an error if a w×h image is beyond MaxSide or MaxPixels.
func CheckSize(w, h int) error {
	switch {
	case w < 1 || h < 1:
		return fmt.Errorf("image is %d×%d: empty", w, h)
	case w > MaxSide || h > MaxSide:
		return fmt.Errorf("image is %d×%d: a side beyond the limit of %d pixels", w, h, MaxSide)
	case int64(w)*int64(h) > MaxPixels:
		return fmt.Errorf("image is %d×%d = %d pixels: beyond the limit of %d", w, h, int64(w)*int64(h), MaxPixels)
	}
	return nil
}

// Decode reads a PNG, JPEG or GIF image and converts it to RGB. The size
// its header declares is checked (CheckSize) before the pixels are decoded.
func Decode(r io.Reader) (*RGB, error) {
	var head bytes.Buffer
	cfg, _, err := image.DecodeConfig(io.TeeReader(r, &head))
	if err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
	}
	if err := CheckSize(cfg.Width, cfg.Height); err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
	}
	img, _, err := image.Decode(io.MultiReader(&head, r))
	if err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, fmt.Errorf("imagenet: decoded %d×%d, header said %d×%d", b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}
	return FromImage(img), nil
}

// ReadFile decodes the image file at path.
func ReadFile(path string) (*RGB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}
