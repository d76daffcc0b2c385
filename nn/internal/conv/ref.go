package conv

// Im2ColRef is Im2Col written the obvious way, one element at a time.
// It is the reference for tests.
func Im2ColRef(g Geom, x []float32, col []float32) {
	g.check(x, col)
	for c := 0; c < g.C; c++ {
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				r := (c*g.KH+kh)*g.KW + kw
				for oh := 0; oh < g.OH; oh++ {
					for ow := 0; ow < g.OW; ow++ {
						ih := oh*g.SH - g.PH + kh*g.DH
						iw := ow*g.SW - g.PW + kw*g.DW
						var v float32
						if ih >= 0 && ih < g.H && iw >= 0 && iw < g.W {
							v = x[(c*g.H+ih)*g.W+iw]
						}
						col[(r*g.OH+oh)*g.OW+ow] = v
					}
				}
			}
		}
	}
}

// Col2ImRef is Col2Im written the obvious way, one element at a time. It
// accumulates into dx. It is the reference for tests.
func Col2ImRef(g Geom, col []float32, dx []float32) {
	g.check(dx, col)
	for c := 0; c < g.C; c++ {
		for kh := 0; kh < g.KH; kh++ {
			for kw := 0; kw < g.KW; kw++ {
				r := (c*g.KH+kh)*g.KW + kw
				for oh := 0; oh < g.OH; oh++ {
					for ow := 0; ow < g.OW; ow++ {
						ih := oh*g.SH - g.PH + kh*g.DH
						iw := ow*g.SW - g.PW + kw*g.DW
						if ih >= 0 && ih < g.H && iw >= 0 && iw < g.W {
							dx[(c*g.H+ih)*g.W+iw] += col[(r*g.OH+oh)*g.OW+ow]
						}
					}
				}
			}
		}
	}
}
