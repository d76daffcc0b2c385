package live

import (
	"fmt"
	"math"
)

// Box is the side of the square a digit is scaled into before it is
// centred in MNIST's 28×28 field. LeCun & Cortes, "The MNIST database"
// (yann.lecun.com/exdb/mnist): "The original black and white (bilevel)
// images from NIST were size normalized to fit in a 20x20 pixel box while
// preserving their aspect ratio. The resulting images contain grey levels
// as a result of the anti-aliasing technique used by the normalization
// algorithm. the images were centered in a 28x28 image by computing the
// center of mass of the pixels, and translating the image so as to
// position this point at the center of the 28x28 field."
const Box = 20

// Preprocess turns a drawing into an MNIST digit, as the quote above
// describes: ink is w×h coverage levels (0 none … 255 full, row by row:
// the canvas's alpha channel), and the result is 28×28 pixels (0
// background, 255 ink). Without it a digit drawn large, small or off
// centre is misread: LeNet-5 learnt digits of one size and position.
//
//  1. The bounding box of the ink (every pixel above 0).
//  2. Scaled by s = max(width, height)/20 source pixels per output pixel,
//     the same s on both axes, with a box filter: an output pixel is the
//     mean coverage of the s×s source square it covers (the
//     anti-aliasing's grey levels).
//  3. Placed in the 28×28 field so that its centre of mass (pixel centres
//     at i + ½) lands on the field's centre (14, 14), moved by whole
//     pixels and kept inside the field.
//
// ok is false if there is no ink: the digit is then all background.
func Preprocess(ink []uint8, w, h int) (img []uint8, ok bool) {
	if w <= 0 || h <= 0 || len(ink) != w*h {
		panic(fmt.Sprintf("live: a %d×%d drawing needs %d levels, got %d", w, h, w*h, len(ink)))
	}
	img = make([]uint8, Field*Field)
	x0, y0, x1, y1 := w, h, -1, -1
	for y := 0; y < h; y++ {
		for x, v := range ink[y*w : (y+1)*w] {
			if v > 0 {
				x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return img, false
	}
	bw, bh := x1-x0+1, y1-y0+1
	s := float64(max(bw, bh)) / Box
	tw, th := max(1, int(math.Round(float64(bw)/s))), max(1, int(math.Round(float64(bh)/s)))
	// Output column j covers source x ∈ [ox + j·s, ox + (j+1)·s), the
	// tw·s wide window centred on the box (likewise for rows).
	ox := float64(x0) + float64(bw)/2 - float64(tw)*s/2
	oy := float64(y0) + float64(bh)/2 - float64(th)*s/2

	// Separable box filter: rows first (tmp is bh × tw), then columns.
	tmp := make([]float64, bh*tw)
	for j := 0; j < tw; j++ {
		lo, hi := ox+float64(j)*s, ox+float64(j+1)*s
		for x := max(x0, int(math.Floor(lo))); x <= x1 && float64(x) < hi; x++ {
			f := overlap(lo, hi, float64(x))
			if f <= 0 {
				continue
			}
			for y := y0; y <= y1; y++ {
				tmp[(y-y0)*tw+j] += f * float64(ink[y*w+x])
			}
		}
	}
	box := make([]float64, th*tw)
	for i := 0; i < th; i++ {
		lo, hi := oy+float64(i)*s, oy+float64(i+1)*s
		for y := max(y0, int(math.Floor(lo))); y <= y1 && float64(y) < hi; y++ {
			f := overlap(lo, hi, float64(y))
			if f <= 0 {
				continue
			}
			for j := 0; j < tw; j++ {
				box[i*tw+j] += f * tmp[(y-y0)*tw+j]
			}
		}
	}
	var mass, mx, my float64
	for i := 0; i < th; i++ {
		for j := 0; j < tw; j++ {
			v := box[i*tw+j] / (s * s * 255) // mean coverage, 0…1
			box[i*tw+j] = v
			mass += v
			mx += v * (float64(j) + 0.5)
			my += v * (float64(i) + 0.5)
		}
	}
	const centre = Field / 2
	dx := clamp(int(math.Round(centre-mx/mass)), 0, Field-tw)
	dy := clamp(int(math.Round(centre-my/mass)), 0, Field-th)
	for i := 0; i < th; i++ {
		for j := 0; j < tw; j++ {
			img[(i+dy)*Field+j+dx] = uint8(math.Round(255 * min(1, box[i*tw+j])))
		}
	}
	return img, true
}

// overlap is the length of [lo, hi) ∩ [x, x+1).
func overlap(lo, hi, x float64) float64 {
	return max(0, min(hi, x+1)-max(lo, x))
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
