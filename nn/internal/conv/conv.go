// Package conv lowers 2-D convolution to matrix multiplication: Im2Col
// unfolds the receptive fields of one NCHW image into the columns of a
// matrix, so a convolution becomes one GEMM, and Col2Im is its adjoint,
// used for the input gradient.
//
// Everything here works on one image and one channel group at a time; the
// caller loops over the batch and over groups (offsetting x, col and dx).
// Im2ColRef and Col2ImRef are the plain loops the fast versions are tested
// against.
package conv

import (
	"github.com/cnnbook/cnnbook/nn/internal/par"
	"github.com/cnnbook/cnnbook/nn/internal/vec"
)

// Geom describes a 2-D convolution window over one image.
//
// The input is C channels (of one group) of H×W, the kernel KH×KW with
// stride SH, SW, zero padding PH, PW on each side and dilation DH, DW.
// OH×OW is the output size, computed by the caller, normally
//
//	OH = (H + 2·PH − DH·(KH−1) − 1)/SH + 1
//	OW = (W + 2·PW − DW·(KW−1) − 1)/SW + 1
//
// Output position (oh, ow) and kernel tap (kh, kw) read input row
// ih = oh·SH − PH + kh·DH and column iw = ow·SW − PW + kw·DW, or padding
// (zero) when those fall outside the image.
type Geom struct {
	C, H, W int // input channels (of one group), height, width
	KH, KW  int // kernel size
	SH, SW  int // stride
	PH, PW  int // zero padding on each side
	DH, DW  int // dilation (1 = dense)
	OH, OW  int // output size
}

// Panic messages for programmer errors.
const (
	errGeom     = "conv: bad Geom (need C, H, W, OH, OW, PH, PW >= 0 and KH, KW, SH, SW, DH, DW >= 1)"
	errShortX   = "conv: image (x or dx) shorter than C*H*W"
	errShortCol = "conv: len(col) < C*KH*KW*OH*OW"
)

// check panics unless g is valid and x, col are long enough.
func (g Geom) check(x, col []float32) {
	if g.C < 0 || g.H < 0 || g.W < 0 || g.OH < 0 || g.OW < 0 || g.PH < 0 || g.PW < 0 ||
		g.KH < 1 || g.KW < 1 || g.SH < 1 || g.SW < 1 || g.DH < 1 || g.DW < 1 {
		panic(errGeom)
	}
	if len(x) < g.C*g.H*g.W {
		panic(errShortX)
	}
	if len(col) < g.C*g.KH*g.KW*g.OH*g.OW {
		panic(errShortCol)
	}
}

// minParWork is the least number of elements moved worth a goroutine.
const minParWork = 1 << 16

// grain returns the number of channels per goroutine for par.For.
func (g Geom) grain() int {
	perChannel := max(1, g.KH*g.KW*g.OH*g.OW)
	return max(1, minParWork/perChannel)
}

// span returns the range [lo, hi) of output indices o in [0, n) for which
// the input index o*s + off lies in [0, size). hi <= lo means none.
func span(n, s, off, size int) (lo, hi int) {
	// o*s + off >= 0  ⇔  o >= ceil(-off/s)
	if off < 0 {
		lo = (-off + s - 1) / s
	}
	// o*s + off <= size-1  ⇔  o <= floor((size-1-off)/s)
	last := size - 1 - off
	if last < 0 {
		return lo, lo
	}
	hi = min(n, last/s+1)
	return min(lo, hi), hi
}

// Im2Col unfolds the image x (C×H×W) into col, a (C·KH·KW)×(OH·OW)
// row-major matrix:
//
//	col[((c·KH+kh)·KW+kw)·OH·OW + oh·OW + ow] = x[c·H·W + ih·W + iw]
//
// with ih, iw as in Geom, and 0 where the window reads padding. Every
// element of col[:C·KH·KW·OH·OW] is written. It panics if g is invalid or
// a slice is too short.
func Im2Col(g Geom, x []float32, col []float32) {
	g.check(x, col)
	par.For(g.C, g.grain(), func(c0, c1 int) {
		im2col(g, x, col, g.OH*g.OW, c0, c1)
	})
}

// im2col runs Im2Col for channels [c0, c1), with row r of col at
// col[r*ld:] (ld = OH·OW for a matrix of its own).
func im2col(g Geom, x, col []float32, ld, c0, c1 int) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	for c := c0; c < c1; c++ {
		xc := x[c*hw : (c+1)*hw]
		for kh := 0; kh < g.KH; kh++ {
			offH := kh*g.DH - g.PH
			ohLo, ohHi := span(g.OH, g.SH, offH, g.H)
			for kw := 0; kw < g.KW; kw++ {
				offW := kw*g.DW - g.PW
				owLo, owHi := span(g.OW, g.SW, offW, g.W)
				r := (c*g.KH+kh)*g.KW + kw
				dst := col[r*ld : r*ld+ohw]
				if owLo >= owHi {
					clear(dst)
					continue
				}
				clear(dst[:ohLo*g.OW])
				clear(dst[ohHi*g.OW:])
				if g.SW == 1 && ohHi > ohLo {
					// One 2-D copy per tap, then the padded columns.
					vec.Copy2D(dst[ohLo*g.OW+owLo:], g.OW, xc[(ohLo*g.SH+offH)*g.W+owLo+offW:], g.SH*g.W, ohHi-ohLo, owHi-owLo)
					if owLo > 0 || owHi < g.OW {
						// A float or two per row (padding 1 or 2): stores,
						// not a call to the runtime's memclr per row.
						for oh := ohLo; oh < ohHi; oh++ {
							d := dst[oh*g.OW : (oh+1)*g.OW]
							for j := 0; j < owLo; j++ {
								d[j] = 0
							}
							for j := owHi; j < len(d); j++ {
								d[j] = 0
							}
						}
					}
					continue
				}
				for oh := ohLo; oh < ohHi; oh++ {
					d := dst[oh*g.OW : (oh+1)*g.OW]
					ih := oh*g.SH + offH
					src := xc[ih*g.W : (ih+1)*g.W]
					clear(d[:owLo])
					clear(d[owHi:])
					if g.SW == 1 {
						copy(d[owLo:owHi], src[owLo+offW:owHi+offW])
						continue
					}
					iw := owLo*g.SW + offW
					for ow := owLo; ow < owHi; ow++ {
						d[ow] = src[iw]
						iw += g.SW
					}
				}
			}
		}
	}
}

// Col2Im is the adjoint of Im2Col: it scatters col, a (C·KH·KW)×(OH·OW)
// matrix, back onto the image, accumulating into dx (C×H×W):
//
//	dx[c·H·W + ih·W + iw] += col[((c·KH+kh)·KW+kw)·OH·OW + oh·OW + ow]
//
// for every (c, kh, kw, oh, ow) whose ih, iw (as in Geom) fall inside the
// image; entries that map to padding are dropped. Callers wanting
// dx = Col2Im(col) clear dx first. It panics if g is invalid or a slice is
// too short.
func Col2Im(g Geom, col []float32, dx []float32) {
	g.check(dx, col)
	// Channels are independent, so splitting over them is race-free.
	par.For(g.C, g.grain(), func(c0, c1 int) {
		col2im(g, col, g.OH*g.OW, dx, c0, c1, false)
	})
}

// col2im runs Col2Im for channels [c0, c1), with row r of col at
// col[r*ld:]; with set, it overwrites dx instead of adding to it
// (Col2ImSetLd).
func col2im(g Geom, col []float32, ld int, dx []float32, c0, c1 int, set bool) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	for c := c0; c < c1; c++ {
		xc := dx[c*hw : (c+1)*hw]
		first := 0 // taps before it are done
		if set {
			first = g.setFirstTap(col[c*g.KH*g.KW*ld:], xc)
		}
		for kh := 0; kh < g.KH; kh++ {
			offH := kh*g.DH - g.PH
			ohLo, ohHi := span(g.OH, g.SH, offH, g.H)
			for kw := 0; kw < g.KW; kw++ {
				if kh*g.KW+kw < first {
					continue
				}
				offW := kw*g.DW - g.PW
				owLo, owHi := span(g.OW, g.SW, offW, g.W)
				if owLo >= owHi {
					continue
				}
				r := (c*g.KH+kh)*g.KW + kw
				src := col[r*ld : r*ld+ohw]
				if g.SW == 1 && ohHi > ohLo {
					vec.Add2D(xc[(ohLo*g.SH+offH)*g.W+owLo+offW:], g.SH*g.W, src[ohLo*g.OW+owLo:], g.OW, ohHi-ohLo, owHi-owLo)
					continue
				}
				for oh := ohLo; oh < ohHi; oh++ {
					s := src[oh*g.OW+owLo : oh*g.OW+owHi]
					ih := oh*g.SH + offH
					d := xc[ih*g.W : (ih+1)*g.W]
					if g.SW == 1 {
						d = d[owLo+offW : owHi+offW]
						d = d[:len(s)]
						for i, v := range s {
							d[i] += v
						}
						continue
					}
					iw := owLo*g.SW + offW
					for _, v := range s {
						d[iw] += v
						iw += g.SW
					}
				}
			}
		}
	}
}

// Im2ColLd is Im2Col on the calling goroutine only, writing row r of
// the column matrix at col[r*ld:] (ld >= OH·OW): with ld = N·OH·OW and
// col offset by n·OH·OW, the columns of N images side by side, so that
// one GEMM convolves a whole batch (nn's Plan). col must hold
// (C·KH·KW−1)·ld + OH·OW elements.
func Im2ColLd(g Geom, x, col []float32, ld int) {
	g.checkLd(x, col, ld)
	if g.padded() {
		im2colPadded(g, x, col, ld)
		return
	}
	im2col(g, x, col, ld, 0, g.C)
}

// Col2ImLd is Col2Im on the calling goroutine only, reading row r of the
// column matrix at col[r*ld:] (the adjoint of Im2ColLd).
func Col2ImLd(g Geom, col []float32, ld int, dx []float32) {
	g.checkLd(dx, col, ld)
	col2im(g, col, ld, dx, 0, g.C, false)
}

// Col2ImSetLd is Col2ImLd into a cleared dx, without reading dx: with
// stride 1, each channel's first tap is copied into place (and the rest
// of the plane cleared) instead of added onto zeros, saving a pass that
// clears dx (5% of a ResNet-20 training step, 3 Dec 2026). The sums are
// the same, in the same order.
func Col2ImSetLd(g Geom, col []float32, ld int, dx []float32) {
	g.checkLd(dx, col, ld)
	if g.padded() {
		col2imPadded(g, col, ld, dx)
		return
	}
	col2im(g, col, ld, dx, 0, g.C, true)
}

// maxPadded is the largest zero-padded plane (in floats, 16 KiB, on the
// stack) through which Im2ColLd and Col2ImSetLd run a dense, padded
// convolution: CIFAR's 34×34 and LeNet's planes fit, ImageNet's 226×226
// do not.
const maxPadded = 4096

// padded reports whether im2colPadded and col2imPadded take g: stride
// and dilation 1, some padding, a padded plane of at most maxPadded.
func (g Geom) padded() bool {
	return g.SH == 1 && g.SW == 1 && g.DH == 1 && g.DW == 1 && (g.PH > 0 || g.PW > 0) &&
		(g.H+2*g.PH)*(g.W+2*g.PW) <= maxPadded &&
		g.OH <= g.H+2*g.PH-g.KH+1 && g.OW <= g.W+2*g.PW-g.KW+1
}

// im2colPadded is Im2ColLd for padded geometries: each channel is
// copied once into a zero-padded plane, and each tap's row of the column
// matrix is then one 2-D copy out of it, with no padding to work out row
// by row (for 3×3 taps on 32×32 CIFAR planes the per-row padding was as
// costly as the copying: BenchmarkTrainStep/resnet20's profile, 3 Dec
// 2026).
func im2colPadded(g Geom, x, col []float32, ld int) {
	var buf [maxPadded]float32
	pw, hw := g.W+2*g.PW, g.H*g.W
	pad := buf[:(g.H+2*g.PH)*pw] // its borders stay zero
	for c := 0; c < g.C; c++ {
		vec.Copy2D(pad[g.PH*pw+g.PW:], pw, x[c*hw:(c+1)*hw], g.W, g.H, g.W)
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				r := (c*g.KH+kh)*g.KW + kw
				vec.Copy2D(col[r*ld:r*ld+g.OH*g.OW], g.OW, pad[kh*pw+kw:], pw, g.OH, g.OW)
			}
		}
	}
}

// col2imPadded is Col2ImSetLd for padded geometries: each channel's taps
// are added into a cleared, padded plane, in col2im's order, and its
// interior copied to dx.
func col2imPadded(g Geom, col []float32, ld int, dx []float32) {
	var buf [maxPadded]float32
	pw, hw := g.W+2*g.PW, g.H*g.W
	pad := buf[:(g.H+2*g.PH)*pw]
	for c := 0; c < g.C; c++ {
		clear(pad)
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				r := (c*g.KH+kh)*g.KW + kw
				vec.Add2D(pad[kh*pw+kw:], pw, col[r*ld:r*ld+g.OH*g.OW], g.OW, g.OH, g.OW)
			}
		}
		vec.Copy2D(dx[c*hw:(c+1)*hw], g.W, pad[g.PH*pw+g.PW:], pw, g.H, g.W)
	}
}

// setFirstTap writes tap (0, 0) of one channel (the channel's first row
// of the column matrix, at colc) over the plane xc, clearing what it does
// not cover, and returns the number of taps done: 1, or 0 after clearing
// the whole plane when the tap is not one dense rectangle (stride > 1)
// or covers nothing.
func (g Geom) setFirstTap(colc, xc []float32) int {
	offH, offW := -g.PH, -g.PW
	ohLo, ohHi := span(g.OH, g.SH, offH, g.H)
	owLo, owHi := span(g.OW, g.SW, offW, g.W)
	if g.SH != 1 || g.SW != 1 || ohLo >= ohHi || owLo >= owHi {
		clear(xc)
		return 0
	}
	ih0, ih1, iw0, iw1 := ohLo+offH, ohHi+offH, owLo+offW, owHi+offW
	clear(xc[:ih0*g.W])
	clear(xc[ih1*g.W:])
	if iw0 > 0 || iw1 < g.W {
		for ih := ih0; ih < ih1; ih++ {
			row := xc[ih*g.W : (ih+1)*g.W]
			for j := 0; j < iw0; j++ {
				row[j] = 0
			}
			for j := iw1; j < len(row); j++ {
				row[j] = 0
			}
		}
	}
	vec.Copy2D(xc[ih0*g.W+iw0:], g.W, colc[ohLo*g.OW+owLo:], g.OW, ih1-ih0, iw1-iw0)
	return 1
}

// checkLd is check for a column matrix with row stride ld.
func (g Geom) checkLd(x, col []float32, ld int) {
	ohw := g.OH * g.OW
	if ld < ohw {
		panic("conv: column row stride shorter than OH·OW")
	}
	if g.C < 0 || g.H < 0 || g.W < 0 || g.OH < 0 || g.OW < 0 || g.PH < 0 || g.PW < 0 ||
		g.KH < 1 || g.KW < 1 || g.SH < 1 || g.SW < 1 || g.DH < 1 || g.DW < 1 {
		panic(errGeom)
	}
	if len(x) < g.C*g.H*g.W {
		panic(errShortX)
	}
	if rows := g.C * g.KH * g.KW; rows > 0 && len(col) < (rows-1)*ld+ohw {
		panic(errShortCol)
	}
}
