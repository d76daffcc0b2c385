package imagenet

import "image"

// fromYCbCr converts a decoded JPEG to RGB as libjpeg(-turbo) does inside
// PIL, rather than as Go's image.YCbCr.At: chroma planes subsampled 2×
// are upsampled with libjpeg's "fancy" triangle filter (jdsample.c,
// h2v1_fancy_upsample and h2v2_fancy_upsample, the default
// do_fancy_upsampling), and colour is converted with libjpeg's rounded
// 16-bit fixed-point tables (jdcolor.c, build_ycc_rgb_table). The IDCT
// still differs (Go's image/jpeg is not libjpeg's jidctint), so pixels may
// differ by a level or two. Other subsampling ratios return nil.
func fromYCbCr(m *image.YCbCr) *RGB {
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	var up func(plane []uint8, stride int) []uint8 // → w×h
	cw, ch := w, h
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		up = func(p []uint8, stride int) []uint8 { return crop(p, stride, w, h) }
	case image.YCbCrSubsampleRatio422:
		cw = (w + 1) / 2
		up = func(p []uint8, stride int) []uint8 { return fancyH2V1(p, stride, cw, ch, w) }
	case image.YCbCrSubsampleRatio420:
		cw, ch = (w+1)/2, (h+1)/2
		up = func(p []uint8, stride int) []uint8 { return fancyH2V2(p, stride, cw, ch, w, h) }
	default:
		return nil
	}
	if b.Min.X != 0 || b.Min.Y != 0 || cw < 2 {
		return nil // sub-images and 1-pixel-wide chroma: leave to image.YCbCr
	}
	cb, cr := up(m.Cb, m.CStride), up(m.Cr, m.CStride)
	out := NewRGB(w, h)
	for y := range h {
		for x := range w {
			yy := int32(m.Y[y*m.YStride+x])
			i := y*w + x
			c, r := cb[i], cr[i]
			o := out.Pix[3*i:]
			o[0] = clamp8(yy + crR[r])
			o[1] = clamp8(yy + (cbG[c]+crG[r])>>scaleBits)
			o[2] = clamp8(yy + cbB[c])
		}
	}
	return out
}

// libjpeg's YCbCr→RGB tables (jdcolor.c): SCALEBITS 16, FIX(x) = ⌊x·2¹⁶ + ½⌋.
const scaleBits = 16

var crR, cbB, crG, cbG [256]int32

func init() {
	fix := func(x float64) int32 { return int32(x*(1<<scaleBits) + 0.5) }
	const half = 1 << (scaleBits - 1)
	for i := range 256 {
		x := int32(i - 128)
		crR[i] = (fix(1.40200)*x + half) >> scaleBits
		cbB[i] = (fix(1.77200)*x + half) >> scaleBits
		crG[i] = -fix(0.71414) * x
		cbG[i] = -fix(0.34414)*x + half
	}
}

func clamp8(v int32) uint8 { return uint8(min(max(v, 0), 255)) }

func crop(p []uint8, stride, w, h int) []uint8 {
	out := make([]uint8, w*h)
	for y := range h {
		copy(out[y*w:(y+1)*w], p[y*stride:])
	}
	return out
}

// fancyRow doubles one row of cw ≥ 2 column sums s = 3·near + far, as
// libjpeg's h2v2_fancy_upsample:
//
//	out[0]      = (4·s[0] + 8) ≫ 4
//	out[2j]     = (3·s[j] + s[j−1] + 8) ≫ 4
//	out[2j+1]   = (3·s[j] + s[j+1] + 7) ≫ 4
//	out[2cw−1]  = (4·s[cw−1] + 7) ≫ 4
//
// and keeps the first w of them.
func fancyRow(dst []uint8, s []int32, w int) {
	cw := len(s)
	tmp := make([]uint8, 2*cw)
	tmp[0] = uint8((4*s[0] + 8) >> 4)
	tmp[1] = uint8((3*s[0] + s[1] + 7) >> 4)
	for j := 1; j < cw-1; j++ {
		tmp[2*j] = uint8((3*s[j] + s[j-1] + 8) >> 4)
		tmp[2*j+1] = uint8((3*s[j] + s[j+1] + 7) >> 4)
	}
	tmp[2*cw-2] = uint8((3*s[cw-1] + s[cw-2] + 8) >> 4)
	tmp[2*cw-1] = uint8((4*s[cw-1] + 7) >> 4)
	copy(dst, tmp[:w])
}

// fancyH2V2 upsamples a (cw, ch) chroma plane 2× both ways to w×h. Output
// row 2r blends chroma row r with the row above (3:1), row 2r+1 with the
// row below; the rows beyond the plane repeat its edge rows (libjpeg's
// context rows).
func fancyH2V2(p []uint8, stride, cw, ch, w, h int) []uint8 {
	out := make([]uint8, w*h)
	s := make([]int32, cw)
	for y := range h {
		r := y / 2
		far := r - 1
		if y%2 == 1 {
			far = r + 1
		}
		far = min(max(far, 0), ch-1)
		for j := range cw {
			s[j] = 3*int32(p[r*stride+j]) + int32(p[far*stride+j])
		}
		fancyRow(out[y*w:(y+1)*w], s, w)
	}
	return out
}

// fancyH2V1 upsamples a (cw, ch) chroma plane 2× horizontally to w×ch,
// as libjpeg's h2v1_fancy_upsample:
//
//	out[0] = v[0],  out[2cw−1] = v[cw−1]
//	out[2j]   = (3·v[j] + v[j−1] + 1) ≫ 2
//	out[2j+1] = (3·v[j] + v[j+1] + 2) ≫ 2
func fancyH2V1(p []uint8, stride, cw, ch, w int) []uint8 {
	out := make([]uint8, w*ch)
	tmp := make([]uint8, 2*cw)
	for y := range ch {
		v := p[y*stride : y*stride+cw]
		tmp[0], tmp[2*cw-1] = v[0], v[cw-1]
		for j := range cw {
			if j > 0 {
				tmp[2*j] = uint8((3*int32(v[j]) + int32(v[j-1]) + 1) >> 2)
			}
			if j < cw-1 {
				tmp[2*j+1] = uint8((3*int32(v[j]) + int32(v[j+1]) + 2) >> 2)
			}
		}
		copy(out[y*w:(y+1)*w], tmp[:w])
	}
	return out
}
