package nn

// The slow but obviously correct convolutions that the fast (im2col + GEMM)
// paths are tested against. Each is the formula of its layer's doc comment
// written as nested loops, accumulating in float64, sharing no code with
// Forward/Backward or nn/internal.

// Conv2DReference computes l's forward pass on x with weight w (Out, In/G,
// KH, KW) and bias b (Out, or nil) by the direct sum
//
//	y[n,o,i,j] = b[o] + Σ_{c∈group(o), u, v} W[o, c−g·In/G, u, v] · x[n, c, i·s−p+u·d, j·s−p+v·d]
//
// where taps that fall in the zero padding contribute nothing.
func Conv2DReference(l *Conv2D, x *Tensor, w, b []float32) *Tensor {
	n, _, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	// PyTorch's Conv2d: out = ⌊(in + 2p − d·(k−1) − 1)/s⌋ + 1 (written out
	// here rather than calling OutSize, which the fast path uses).
	oh := (h+2*l.PH-l.DH*(l.KH-1)-1)/l.SH + 1
	ow := (wd+2*l.PW-l.DW*(l.KW-1)-1)/l.SW + 1
	cpg, opg := l.In/l.G, l.Out/l.G // channels per group in and out
	y := NewTensor(n, l.Out, oh, ow)
	for ni := 0; ni < n; ni++ {
		for o := 0; o < l.Out; o++ {
			g := o / opg
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					var s float64
					if b != nil {
						s = float64(b[o])
					}
					for cl := 0; cl < cpg; cl++ {
						c := g*cpg + cl
						for u := 0; u < l.KH; u++ {
							hi := i*l.SH - l.PH + u*l.DH
							if hi < 0 || hi >= h {
								continue
							}
							for v := 0; v < l.KW; v++ {
								wi := j*l.SW - l.PW + v*l.DW
								if wi < 0 || wi >= wd {
									continue
								}
								s += float64(w[((o*cpg+cl)*l.KH+u)*l.KW+v]) * float64(x.Data[((ni*l.In+c)*h+hi)*wd+wi])
							}
						}
					}
					y.Data[((ni*l.Out+o)*oh+i)*ow+j] = float32(s)
				}
			}
		}
	}
	return y
}

// Conv2DBackwardReference returns the three gradients of l's forward pass
// at input x and weight w, given dL/dy, by differentiating the direct sum
// term by term: every product W·x that made y[n,o,i,j] sends dy[n,o,i,j]·x
// to dW, dy[n,o,i,j]·W to dx, and dy[n,o,i,j] to dB[o].
func Conv2DBackwardReference(l *Conv2D, x *Tensor, w []float32, dy *Tensor) (dx *Tensor, dW, dB []float32) {
	n, _, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oh, ow := dy.Shape[2], dy.Shape[3]
	cpg, opg := l.In/l.G, l.Out/l.G
	dx64 := make([]float64, len(x.Data))
	dW64 := make([]float64, len(w))
	dB64 := make([]float64, l.Out)
	for ni := 0; ni < n; ni++ {
		for o := 0; o < l.Out; o++ {
			g := o / opg
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					gy := float64(dy.Data[((ni*l.Out+o)*oh+i)*ow+j])
					dB64[o] += gy
					for cl := 0; cl < cpg; cl++ {
						c := g*cpg + cl
						for u := 0; u < l.KH; u++ {
							hi := i*l.SH - l.PH + u*l.DH
							if hi < 0 || hi >= h {
								continue
							}
							for v := 0; v < l.KW; v++ {
								wi := j*l.SW - l.PW + v*l.DW
								if wi < 0 || wi >= wd {
									continue
								}
								xi := ((ni*l.In+c)*h+hi)*wd + wi
								wk := ((o*cpg+cl)*l.KH+u)*l.KW + v
								dW64[wk] += gy * float64(x.Data[xi])
								dx64[xi] += gy * float64(w[wk])
							}
						}
					}
				}
			}
		}
	}
	return &Tensor{Shape: append([]int(nil), x.Shape...), Data: to32(dx64)}, to32(dW64), to32(dB64)
}

// ConvTranspose2DReference computes l's forward pass by the literal
// scatter of its doc comment: every input pixel x[n,c,i,j] adds W[c,o',u,v]
// times itself to output pixel (i·s−p+u·d, j·s−p+v·d) of each channel
// o = g·Out/G + o' of its group, if that pixel lies inside the OH×OW output.
func ConvTranspose2DReference(l *ConvTranspose2D, x *Tensor, w, b []float32) *Tensor {
	n, _, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	// PyTorch's ConvTranspose2d: out = (in−1)·s − 2p + d·(k−1) + output_padding + 1.
	oh := (h-1)*l.SH - 2*l.PH + l.DH*(l.KH-1) + l.OutPad + 1
	ow := (wd-1)*l.SW - 2*l.PW + l.DW*(l.KW-1) + l.OutPad + 1
	cpg, opg := l.In/l.G, l.Out/l.G
	y64 := make([]float64, n*l.Out*oh*ow)
	for ni := 0; ni < n; ni++ {
		for c := 0; c < l.In; c++ {
			g := c / cpg
			for i := 0; i < h; i++ {
				for j := 0; j < wd; j++ {
					xv := float64(x.Data[((ni*l.In+c)*h+i)*wd+j])
					for ol := 0; ol < opg; ol++ {
						o := g*opg + ol
						for u := 0; u < l.KH; u++ {
							yi := i*l.SH - l.PH + u*l.DH
							if yi < 0 || yi >= oh {
								continue
							}
							for v := 0; v < l.KW; v++ {
								yj := j*l.SW - l.PW + v*l.DW
								if yj < 0 || yj >= ow {
									continue
								}
								y64[((ni*l.Out+o)*oh+yi)*ow+yj] += float64(w[((c*opg+ol)*l.KH+u)*l.KW+v]) * xv
							}
						}
					}
				}
			}
		}
	}
	if b != nil {
		for ni := 0; ni < n; ni++ {
			for o := 0; o < l.Out; o++ {
				plane := y64[(ni*l.Out+o)*oh*ow : (ni*l.Out+o+1)*oh*ow]
				for k := range plane {
					plane[k] += float64(b[o])
				}
			}
		}
	}
	return &Tensor{Shape: []int{n, l.Out, oh, ow}, Data: to32(y64)}
}

// ConvTranspose2DBackwardReference differentiates the scatter term by
// term: the product W[c,o',u,v]·x[n,c,i,j] that landed on y[n,o,yi,yj]
// sends dy[n,o,yi,yj]·W to dx, dy·x to dW, and every dy[n,o,·,·] to dB[o].
func ConvTranspose2DBackwardReference(l *ConvTranspose2D, x *Tensor, w []float32, dy *Tensor) (dx *Tensor, dW, dB []float32) {
	n, _, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oh, ow := dy.Shape[2], dy.Shape[3]
	cpg, opg := l.In/l.G, l.Out/l.G
	dx64 := make([]float64, len(x.Data))
	dW64 := make([]float64, len(w))
	dB64 := make([]float64, l.Out)
	for ni := 0; ni < n; ni++ {
		for c := 0; c < l.In; c++ {
			g := c / cpg
			for i := 0; i < h; i++ {
				for j := 0; j < wd; j++ {
					xi := ((ni*l.In+c)*h+i)*wd + j
					for ol := 0; ol < opg; ol++ {
						o := g*opg + ol
						for u := 0; u < l.KH; u++ {
							yi := i*l.SH - l.PH + u*l.DH
							if yi < 0 || yi >= oh {
								continue
							}
							for v := 0; v < l.KW; v++ {
								yj := j*l.SW - l.PW + v*l.DW
								if yj < 0 || yj >= ow {
									continue
								}
								gy := float64(dy.Data[((ni*l.Out+o)*oh+yi)*ow+yj])
								wk := ((c*opg+ol)*l.KH+u)*l.KW + v
								dx64[xi] += gy * float64(w[wk])
								dW64[wk] += gy * float64(x.Data[xi])
							}
						}
					}
				}
			}
		}
		for o := 0; o < l.Out; o++ {
			for _, g := range dy.Data[(ni*l.Out+o)*oh*ow : (ni*l.Out+o+1)*oh*ow] {
				dB64[o] += float64(g)
			}
		}
	}
	return &Tensor{Shape: append([]int(nil), x.Shape...), Data: to32(dx64)}, to32(dW64), to32(dB64)
}

func to32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, f := range v {
		out[i] = float32(f)
	}
	return out
}
