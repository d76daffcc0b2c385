package nn

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/nn/internal/conv"
)

// TestIm2colS2 compares im2colS2 with conv.Im2ColRef (the obviously
// correct loop) exactly, on stride-2 geometries with odd and even sizes,
// kernels 1, 3 and 7, padding 0 to 3, and a different vertical stride.
func TestIm2colS2(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, h := range []int{1, 2, 5, 8, 13} {
		for _, w := range []int{1, 2, 3, 8, 13, 16} {
			for _, k := range []int{1, 3, 7} {
				for p := 0; p <= min(3, k/2+1); p++ {
					for _, sh := range []int{1, 2} {
						if h+2*p < k || w+2*p < k {
							continue
						}
						g := conv.Geom{C: 3, H: h, W: w, KH: k, KW: k, SH: sh, SW: 2, PH: p, PW: p, DH: 1, DW: 1,
							OH: (h+2*p-k)/sh + 1, OW: (w+2*p-k)/2 + 1}
						x := make([]float32, g.C*h*w)
						for i := range x {
							x[i] = float32(rng.NormFloat64())
						}
						n := g.C * k * k * g.OH * g.OW
						want, got := make([]float32, n), make([]float32, n)
						for i := range got {
							got[i] = 99 // every element must be written
						}
						conv.Im2ColRef(g, x, want)
						im2colS2(g, x, got, 0, g.C, make([]float32, h*w))
						if !slices.Equal(got, want) {
							t.Fatalf("%+v: im2colS2 differs from Im2ColRef", g)
						}
					}
				}
			}
		}
	}
}
