package nn

import "github.com/cnnbook/cnnbook/nn/internal/conv"

// A convolution whose groups have one input channel each (depthwise,
// In/G = 1, as in MobileNet) would be G matrix products with an inner
// dimension of only KH·KW: too thin for GEMM to pay for its packing. These
// loops do it directly, one kernel tap at a time over whole output rows
// (a saxpy per row when the stride is 1).

// tapCols is the range [j0, j1) of output columns whose tap v reads an
// input column inside [0, W): 0 ≤ j·SW − PW + v·DW < W.
func tapCols(g conv.Geom, v int) (j0, j1 int) {
	off := v*g.DW - g.PW // input column of output column 0
	j0 = 0
	if off < 0 {
		j0 = (-off + g.SW - 1) / g.SW
	}
	j1 = min(g.OW, (g.W-1-off)/g.SW+1)
	if g.W-1-off < 0 {
		j1 = 0
	}
	return j0, j1
}

// depthwiseForward computes one output plane from one input plane:
//
//	y[i,j] = Σ_{u,v} w[u,v] · x[i·SH−PH+u·DH, j·SW−PW+v·DW]   (x: H×W, y: OH×OW, w: KH×KW)
//
// y is overwritten.
func depthwiseForward(g conv.Geom, x, w, y []float32) {
	clear(y)
	for u := 0; u < g.KH; u++ {
		for v := 0; v < g.KW; v++ {
			wv := w[u*g.KW+v]
			j0, j1 := tapCols(g, v)
			if j0 >= j1 {
				continue
			}
			off := v*g.DW - g.PW
			for i := 0; i < g.OH; i++ {
				hi := i*g.SH - g.PH + u*g.DH
				if hi < 0 || hi >= g.H {
					continue
				}
				yr := y[i*g.OW+j0 : i*g.OW+j1]
				xr := x[hi*g.W:]
				if g.SW == 1 {
					xs := xr[j0+off : j1+off]
					for j := range yr {
						yr[j] += wv * xs[j]
					}
					continue
				}
				for j := range yr {
					yr[j] += wv * xr[(j0+j)*g.SW+off]
				}
			}
		}
	}
}

// depthwiseBackward is depthwiseForward's adjoint, for one plane pair:
//
//	dW[u,v] += Σ_{i,j} dy[i,j] · x[i·SH−PH+u·DH, j·SW−PW+v·DW]   (skipped if dW is nil)
//	dx[i·SH−PH+u·DH, j·SW−PW+v·DW] += w[u,v] · dy[i,j]
func depthwiseBackward(g conv.Geom, x, w, dy, dx, dW []float32) {
	for u := 0; u < g.KH; u++ {
		for v := 0; v < g.KW; v++ {
			wv := w[u*g.KW+v]
			j0, j1 := tapCols(g, v)
			if j0 >= j1 {
				continue
			}
			off := v*g.DW - g.PW
			var dw float32
			for i := 0; i < g.OH; i++ {
				hi := i*g.SH - g.PH + u*g.DH
				if hi < 0 || hi >= g.H {
					continue
				}
				dyr := dy[i*g.OW+j0 : i*g.OW+j1]
				xr, dxr := x[hi*g.W:(hi+1)*g.W], dx[hi*g.W:(hi+1)*g.W]
				for j, d := range dyr {
					k := (j0+j)*g.SW + off
					dw += d * xr[k]
					dxr[k] += wv * d
				}
			}
			if dW != nil {
				dW[u*g.KW+v] += dw
			}
		}
	}
}
