package imagenet

import (
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

// Decode reads a PNG, JPEG or GIF image and converts it to RGB.
func Decode(r io.Reader) (*RGB, error) {
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("imagenet: %w", err)
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
