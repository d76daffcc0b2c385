package imagenet

import (
	"image"
	"math"
)

// precision is the fixed-point precision of PIL's 8-bit resampling
// coefficients: 32 − 8 − 2 = 22 bits (Pillow, Resample.c PRECISION_BITS:
// 8 bits for the result and 2 for the overflow of negative lobes).
const precision = 22

// bilinear is PIL's triangle filter of support 1.
func bilinear(x float64) float64 {
	if x < 0 {
		x = -x
	}
	if x < 1 {
		return 1 - x
	}
	return 0
}

// axis holds, for each output position along one axis, the first input
// index and the fixed-point weights of the inputs it averages.
type axis struct {
	first []int
	k     [][]int32
}

// coeffs computes the resampling of inSize pixels to outSize as PIL's
// precompute_coeffs with BILINEAR (antialiased: when shrinking by
// scale = in/out > 1 the triangle is stretched to support = scale) and
// normalize_coeffs_8bpc:
//
//	center_j  = (j + ½)·scale
//	x ∈ [⌊center − support + ½⌋, ⌊center + support + ½⌋) ∩ [0, in)
//	w_x       = tri((x − center + ½)/max(scale, 1)),  normalised to Σ w = 1
//	k_x       = ⌊½ + w_x·2²²⌋
//
// Only the outputs j in [lo, hi) are computed; a.first[j−lo] and a.k[j−lo]
// hold output j's.
func coeffs(inSize, outSize, lo, hi int) axis {
	scale := float64(inSize) / float64(outSize)
	filterscale := max(scale, 1)
	support := 1 * filterscale
	a := axis{first: make([]int, hi-lo), k: make([][]int32, hi-lo)}
	for j := lo; j < hi; j++ {
		center := float64(float64(j)+0.5) * scale
		first := max(int(center-support+0.5), 0) // C's (int) truncates toward zero, like Go
		last := min(int(center+support+0.5), inSize)
		w := make([]float64, max(last-first, 0))
		var sum float64
		for x := range w {
			w[x] = bilinear((float64(x+first) - center + 0.5) * (1 / filterscale))
			sum += w[x]
		}
		k := make([]int32, len(w))
		for x := range w {
			if sum != 0 {
				w[x] /= sum
			}
			if w[x] < 0 {
				k[x] = int32(-0.5 + w[x]*(1<<precision))
			} else {
				k[x] = int32(0.5 + w[x]*(1<<precision))
			}
		}
		a.first[j-lo], a.k[j-lo] = first, k
	}
	return a
}

// clip8 is PIL's clip8: the fixed-point sum shifted down and clamped.
func clip8(ss int32) uint8 {
	v := ss >> precision
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return uint8(v)
}

// Resize resamples src to w×h exactly as PIL's Image.resize((w, h),
// Image.BILINEAR) on an RGB image: a horizontal pass rounded to uint8,
// then a vertical pass, each a fixed-point weighted sum
//
//	out = clip8(2²¹ + Σ_x k_x · in_x)
//
// An axis whose size does not change is not resampled.
func Resize(src *RGB, w, h int) *RGB {
	if w < 1 || h < 1 {
		panic("imagenet: Resize to an empty image")
	}
	return resizeWindow(src, w, h, image.Rect(0, 0, w, h))
}

// ResizeCrop is CenterCrop(Resize(src, w, h), cw, ch) computed without the
// whole resized image: each output pixel of PIL's resize depends only on
// its own coefficients, so only the cw×ch window that survives the crop is
// resampled (TestResizeCropIsResizeThenCrop). Memory is bounded by the
// source and the crop: a 1×8,192 strip resized to a 256 short side would
// be 256×2,097,152 pixels (1.6 GB); its 224×224 crop is 150 kB.
func ResizeCrop(src *RGB, w, h, cw, ch int) *RGB {
	if w < 1 || h < 1 {
		panic("imagenet: Resize to an empty image")
	}
	left, top := cropStart(w, cw), cropStart(h, ch)
	win := image.Rect(left, top, left+cw, top+ch).Intersect(image.Rect(0, 0, w, h))
	part := resizeWindow(src, w, h, win)
	if win.Dx() == cw && win.Dy() == ch {
		return part
	}
	out := NewRGB(cw, ch) // zero padding where the image is smaller than the crop
	for y := range part.H {
		o := 3 * ((y+win.Min.Y-top)*cw + win.Min.X - left)
		copy(out.Pix[o:o+3*part.W], part.Pix[3*y*part.W:])
	}
	return out
}

// resizeWindow is the window win of Resize(src, w, h).
func resizeWindow(src *RGB, w, h int, win image.Rectangle) *RGB {
	img := src
	if w != src.W {
		ax := coeffs(src.W, w, win.Min.X, win.Max.X)
		out := NewRGB(win.Dx(), src.H)
		for y := range src.H {
			row := src.Pix[3*y*src.W:]
			for j := range out.W {
				ss := [3]int32{1 << (precision - 1), 1 << (precision - 1), 1 << (precision - 1)}
				for x, k := range ax.k[j] {
					p := row[3*(ax.first[j]+x):]
					ss[0] += int32(p[0]) * k
					ss[1] += int32(p[1]) * k
					ss[2] += int32(p[2]) * k
				}
				o := out.Pix[3*(y*out.W+j):]
				o[0], o[1], o[2] = clip8(ss[0]), clip8(ss[1]), clip8(ss[2])
			}
		}
		img = out
	} else {
		img = cropRGB(img, win.Min.X, 0, win.Dx(), img.H)
	}
	if h != src.H {
		ax := coeffs(src.H, h, win.Min.Y, win.Max.Y)
		out := NewRGB(img.W, win.Dy())
		for i := range out.H {
			for x := range img.W {
				ss := [3]int32{1 << (precision - 1), 1 << (precision - 1), 1 << (precision - 1)}
				for y, k := range ax.k[i] {
					p := img.Pix[3*((ax.first[i]+y)*img.W+x):]
					ss[0] += int32(p[0]) * k
					ss[1] += int32(p[1]) * k
					ss[2] += int32(p[2]) * k
				}
				o := out.Pix[3*(i*img.W+x):]
				o[0], o[1], o[2] = clip8(ss[0]), clip8(ss[1]), clip8(ss[2])
			}
		}
		img = out
	} else {
		img = cropRGB(img, 0, win.Min.Y, img.W, win.Dy())
	}
	return img
}

// cropRGB copies the w×h window of src at (x0, y0), which lies inside it.
func cropRGB(src *RGB, x0, y0, w, h int) *RGB {
	out := NewRGB(w, h)
	for y := range h {
		copy(out.Pix[3*y*w:3*(y+1)*w], src.Pix[3*((y0+y)*src.W+x0):])
	}
	return out
}

// ShorterSide is torchvision's output size for Resize(size) with an int
// size: the shorter side becomes size, the longer int(size·long/short)
// (transforms/functional.py, _compute_resized_output_size).
func ShorterSide(w, h, size int) (nw, nh int) {
	if w <= h {
		return size, int(float64(size*h) / float64(w))
	}
	return int(float64(size*w) / float64(h)), size
}

// CenterCrop cuts the central w×h window as torchvision's center_crop:
// top = round((H − h)/2) and left = round((W − w)/2) with halves rounded to
// even (Python's round), zero padding where the image is smaller than the crop.
func CenterCrop(src *RGB, w, h int) *RGB {
	left, top := cropStart(src.W, w), cropStart(src.H, h)
	out := NewRGB(w, h)
	for y := range h {
		sy := y + top
		if sy < 0 || sy >= src.H {
			continue
		}
		for x := range w {
			sx := x + left
			if sx < 0 || sx >= src.W {
				continue
			}
			copy(out.Pix[3*(y*w+x):3*(y*w+x)+3], src.Pix[3*(sy*src.W+sx):])
		}
	}
	return out
}

// cropStart is the first source index of a centred crop of n out of size.
// A crop larger than the image pads (n − size)//2 zeros before it.
func cropStart(size, n int) int {
	if n > size {
		return -((n - size) / 2)
	}
	return int(math.RoundToEven(float64(size-n) / 2))
}
