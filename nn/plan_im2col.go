package nn

import (
	"github.com/cnnbook/cnnbook/nn/internal/conv"
	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// Im2col for a stride-2 convolution in an inference plan. conv.Im2Col
// copies a stride-2 row one float at a time (its only non-memmove path):
// for resnet50-tv's 7×7 stem that is 147 × 12,544 single-float copies
// per image, the largest part of the forward pass outside the GEMMs.
// Here each input row is first split into its even and odd columns,
// after which every row of the column matrix is made of plain copies:
// input column iw = 2·ow + off is E[ow + off/2] for even off and
// O[ow + (off−1)/2] for odd off (E, O: the even and odd columns; /
// rounding down).

// im2colS2 is conv.Im2Col for g with SW = 2 and DW = 1, on channels
// [c0, c1) of x; buf is scratch of at least H·W floats.
func im2colS2(g conv.Geom, x, col []float32, c0, c1 int, buf []float32) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	ne := (g.W + 1) / 2
	for c := c0; c < c1; c++ {
		// Split each row: E at buf[ih·W:], O right after it.
		xc := x[c*hw : (c+1)*hw]
		for ih := range g.H {
			row := xc[ih*g.W : (ih+1)*g.W]
			ev, od := buf[ih*g.W:ih*g.W+ne], buf[ih*g.W+ne:(ih+1)*g.W]
			for m := range od {
				ev[m], od[m] = row[2*m], row[2*m+1]
			}
			if len(od) < ne {
				ev[ne-1] = row[g.W-1]
			}
		}
		for kh := range g.KH {
			offH := kh*g.DH - g.PH
			for kw := range g.KW {
				off := kw - g.PW
				// Valid outputs: 0 ≤ 2·ow + off < W.
				owLo := 0
				if off < 0 {
					owLo = (-off + 1) / 2
				}
				owHi := min(g.OW, (g.W-1-off)/2+1)
				if g.W-1-off < 0 {
					owHi = 0
				}
				half, d := 0, off>>1 // E, ow + off/2
				if off&1 != 0 {
					half, d = ne, (off-1)>>1 // O, ow + (off−1)/2
				}
				r := (c*g.KH+kh)*g.KW + kw
				dst := col[r*ohw : (r+1)*ohw]
				for oh := range g.OH {
					dr := dst[oh*g.OW : (oh+1)*g.OW]
					ih := oh*g.SH + offH
					if ih < 0 || ih >= g.H || owLo >= owHi {
						clear(dr)
						continue
					}
					src := buf[ih*g.W+half:]
					clear(dr[:owLo])
					copy(dr[owLo:owHi], src[owLo+d:owHi+d])
					clear(dr[owHi:])
				}
			}
		}
	}
}

// im2colInf fills the column matrix of one image for an inference conv:
// im2colS2 for stride 2 (split over the channels when there are cores),
// conv.Im2Col or Im2ColLd otherwise.
func im2colInf(g conv.Geom, x, col []float32) {
	if g.SW != 2 || g.DW != 1 {
		if par.Workers() == 1 {
			conv.Im2ColLd(g, x, col, g.OH*g.OW) // no closure: no allocation
		} else {
			conv.Im2Col(g, x, col) // channels split over the cores
		}
		return
	}
	work := g.KH * g.KW * g.OH * g.OW // floats written per channel
	if par.Workers() == 1 || g.C*work < 1<<17 {
		im2colS2Buf(g, x, col, 0, g.C)
		return
	}
	par.For(g.C, (1<<16)/work+1, func(c0, c1 int) { im2colS2Buf(g, x, col, c0, c1) })
}

func im2colS2Buf(g conv.Geom, x, col []float32, c0, c1 int) {
	bp := dwBufs.Get().(*[]float32)
	if len(*bp) < g.H*g.W {
		*bp = make([]float32, g.H*g.W)
	}
	im2colS2(g, x, col, c0, c1, *bp)
	dwBufs.Put(bp)
}
