package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// outSize is the usual output size of a convolution along one axis.
func outSize(in, k, s, p, d int) int { return (in+2*p-d*(k-1)-1)/s + 1 }

func geom(c, h, w, kh, kw, sh, sw, ph, pw, dh, dw int) Geom {
	return Geom{C: c, H: h, W: w, KH: kh, KW: kw, SH: sh, SW: sw, PH: ph, PW: pw, DH: dh, DW: dw,
		OH: outSize(h, kh, sh, ph, dh), OW: outSize(w, kw, sw, pw, dw)}
}

// geoms are awkward shapes: strides up to 4, dilation 2, non-square
// kernels and images, padding larger than 1 (and than the kernel), 1×1
// kernels, output size 1, and one large enough to run in parallel.
var geoms = []Geom{
	geom(1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1),                                                    // everything 1
	geom(3, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1),                                                    // plain 3×3 same
	geom(2, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1),                                                    // stride 2, non-square image
	geom(2, 11, 13, 3, 5, 4, 4, 2, 3, 1, 1),                                                  // stride 4, non-square kernel, padding > 1
	geom(3, 9, 10, 3, 3, 1, 1, 2, 2, 2, 2),                                                   // dilation 2
	geom(2, 10, 7, 2, 3, 3, 2, 3, 2, 2, 2),                                                   // dilation 2, uneven strides
	geom(4, 6, 8, 1, 1, 1, 1, 0, 0, 1, 1),                                                    // 1×1
	geom(4, 6, 8, 1, 1, 2, 3, 0, 0, 1, 1),                                                    // strided 1×1
	geom(2, 5, 4, 1, 1, 1, 1, 2, 1, 1, 1),                                                    // 1×1 with padding: whole padding rows
	geom(2, 4, 4, 4, 4, 1, 1, 0, 0, 1, 1),                                                    // output size 1
	geom(1, 3, 3, 3, 3, 4, 4, 1, 1, 1, 1),                                                    // stride beyond the image
	geom(2, 3, 2, 3, 3, 1, 1, 4, 5, 1, 1),                                                    // padding larger than kernel and image
	geom(1, 2, 9, 5, 2, 1, 3, 2, 0, 1, 2),                                                    // kernel taller than image
	geom(2, 8, 8, 7, 7, 2, 2, 3, 3, 1, 1),                                                    // 7×7/2 stem
	geom(16, 28, 30, 3, 3, 1, 1, 1, 1, 1, 1),                                                 // parallel path
	geom(9, 17, 19, 5, 3, 2, 1, 2, 1, 2, 1),                                                  // parallel path, mixed
	{C: 2, H: 5, W: 6, KH: 3, KW: 2, SH: 1, SW: 2, PH: 1, PW: 0, DH: 1, DW: 1, OH: 2, OW: 1}, // caller-chosen smaller output
}

func randSlice(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = 2*rng.Float32() - 1
	}
	return x
}

func sizes(g Geom) (nx, ncol int) { return g.C * g.H * g.W, g.C * g.KH * g.KW * g.OH * g.OW }

func TestIm2ColMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, g := range geoms {
		nx, ncol := sizes(g)
		x := randSlice(rng, nx)
		got := make([]float32, ncol+3)
		want := make([]float32, ncol+3)
		for i := range got {
			got[i] = float32(math.NaN()) // every element must be written
			want[i] = got[i]
		}
		Im2Col(g, x, got)
		Im2ColRef(g, x, want)
		// A pure copy: exact equality.
		for i := 0; i < ncol; i++ {
			if got[i] != want[i] {
				t.Fatalf("%+v: col[%d] = %g, want %g", g, i, got[i], want[i])
			}
		}
		for i := ncol; i < len(got); i++ {
			if !math.IsNaN(float64(got[i])) {
				t.Fatalf("%+v: wrote past the end, col[%d] = %g", g, i, got[i])
			}
		}
	}
}

func TestCol2ImMatchesRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, g := range geoms {
		nx, ncol := sizes(g)
		col := randSlice(rng, ncol)
		dx0 := randSlice(rng, nx+2) // non-zero: Col2Im accumulates
		got := append([]float32(nil), dx0...)
		want := append([]float32(nil), dx0...)
		Col2Im(g, col, got)
		Col2ImRef(g, col, want)
		// Both add the contributions to each element in the same order
		// (c, kh, kw, oh, ow), so the sums agree exactly.
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%+v: dx[%d] = %g, want %g", g, i, got[i], want[i])
			}
		}
	}
}

// TestIm2ColLd: Im2ColLd writes the reference's column matrix with a
// row stride ld > OH·OW (through a zero-padded plane where Geom.padded),
// and nothing between the rows.
func TestIm2ColLd(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	padded := 0
	for _, g := range append(geoms, geom(3, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1), geom(6, 14, 14, 5, 5, 1, 1, 2, 2, 1, 1)) {
		if g.padded() {
			padded++
		}
		nx, ncol := sizes(g)
		x := randSlice(rng, nx)
		want := make([]float32, ncol)
		Im2ColRef(g, x, want)
		ohw := g.OH * g.OW
		ld := ohw + 5
		rows := g.C * g.KH * g.KW
		got := make([]float32, max(0, (rows-1)*ld+ohw))
		for i := range got {
			got[i] = float32(math.NaN())
		}
		Im2ColLd(g, x, got, ld)
		for i := range got {
			r, j := i/ld, i%ld
			if j >= ohw {
				if !math.IsNaN(float64(got[i])) {
					t.Fatalf("%+v: wrote between rows, col[%d] = %g", g, i, got[i])
				}
				continue
			}
			if got[i] != want[r*ohw+j] {
				t.Fatalf("%+v: col[%d][%d] = %g, want %g", g, r, j, got[i], want[r*ohw+j])
			}
		}
	}
	if padded < 3 {
		t.Errorf("only %d geometries took the padded path", padded)
	}
}

// TestCol2ImSet: Col2ImSetLd into a dx full of NaN gives Col2Im into
// zeros, exactly (the same sums in the same order), on every geometry,
// with columns side by side (ld > OH·OW).
func TestCol2ImSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, g := range append(geoms, geom(3, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1), geom(6, 14, 14, 5, 5, 1, 1, 2, 2, 1, 1)) {
		nx, _ := sizes(g)
		ld := g.OH*g.OW + 3
		col := randSlice(rng, max(0, (g.C*g.KH*g.KW-1)*ld+g.OH*g.OW))
		got := make([]float32, nx)
		for i := range got {
			got[i] = float32(math.NaN())
		}
		want := make([]float32, nx)
		Col2ImSetLd(g, col, ld, got)
		Col2ImLd(g, col, ld, want)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%+v: dx[%d] = %g, want %g", g, i, got[i], want[i])
			}
		}
	}
}

// TestAdjoint checks <Im2Col(x), y> == <x, Col2Im(y)>, the defining
// property of the adjoint, in float64.
func TestAdjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, g := range geoms {
		nx, ncol := sizes(g)
		x := randSlice(rng, nx)
		y := randSlice(rng, ncol)
		col := make([]float32, ncol)
		Im2Col(g, x, col)
		dx := make([]float32, nx)
		Col2Im(g, y, dx)
		var lhs, rhs, mag float64
		for i := range col {
			lhs += float64(col[i]) * float64(y[i])
			mag += math.Abs(float64(col[i]) * float64(y[i]))
		}
		for i := range x {
			rhs += float64(x[i]) * float64(dx[i])
		}
		// Im2Col is exact; Col2Im sums at most KH·KW float32 terms per
		// element, each within (KH·KW)·eps32 relative to Σ|terms|, so
		// the inner products agree to about KH·KW·eps32·Σ|col·y|.
		tol := float64(g.KH*g.KW+1) * 0x1p-23 * mag
		if math.Abs(lhs-rhs) > tol {
			t.Errorf("%+v: <Im2Col(x), y> = %g, <x, Col2Im(y)> = %g (tol %g)", g, lhs, rhs, tol)
		}
	}
}

// TestWorkers runs the parallel split with several worker counts.
func TestWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	g := geom(13, 30, 31, 3, 3, 1, 1, 1, 1, 1, 1)
	nx, ncol := sizes(g)
	x, y := randSlice(rng, nx), randSlice(rng, ncol)
	want := make([]float32, ncol)
	Im2ColRef(g, x, want)
	wantDx := make([]float32, nx)
	Col2ImRef(g, y, wantDx)
	for _, procs := range []int{1, 3, 5} {
		old := runtime.GOMAXPROCS(procs)
		got := make([]float32, ncol)
		Im2Col(g, x, got)
		gotDx := make([]float32, nx)
		Col2Im(g, y, gotDx)
		runtime.GOMAXPROCS(old)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("procs=%d: col[%d] = %g, want %g", procs, i, got[i], want[i])
			}
		}
		for i := range gotDx {
			if gotDx[i] != wantDx[i] {
				t.Fatalf("procs=%d: dx[%d] = %g, want %g", procs, i, gotDx[i], wantDx[i])
			}
		}
	}
}

func TestSpan(t *testing.T) {
	for n := 0; n < 7; n++ {
		for s := 1; s < 5; s++ {
			for off := -9; off < 9; off++ {
				for size := 0; size < 7; size++ {
					lo, hi := span(n, s, off, size)
					for o := 0; o < n; o++ {
						in := o*s+off >= 0 && o*s+off < size
						if in != (o >= lo && o < hi) {
							t.Fatalf("span(%d, %d, %d, %d) = [%d, %d), wrong at o=%d", n, s, off, size, lo, hi, o)
						}
					}
					if lo > hi || lo < 0 || hi > n {
						t.Fatalf("span(%d, %d, %d, %d) = [%d, %d) out of range", n, s, off, size, lo, hi)
					}
				}
			}
		}
	}
}

func TestPanics(t *testing.T) {
	good := geom(2, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1)
	nx, ncol := sizes(good)
	bad := good
	bad.SH = 0
	neg := good
	neg.PW = -1
	cases := []struct {
		want string
		f    func()
	}{
		{errGeom, func() { Im2Col(bad, make([]float32, nx), make([]float32, ncol)) }},
		{errGeom, func() { Col2Im(neg, make([]float32, ncol), make([]float32, nx)) }},
		{errShortX, func() { Im2Col(good, make([]float32, nx-1), make([]float32, ncol)) }},
		{errShortCol, func() { Im2Col(good, make([]float32, nx), make([]float32, ncol-1)) }},
		{errShortX, func() { Col2Im(good, make([]float32, ncol), make([]float32, nx-1)) }},
		{errShortCol, func() { Col2ImRef(good, make([]float32, ncol-1), make([]float32, nx)) }},
	}
	for i, tc := range cases {
		func() {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("case %d: panic %v, want %q", i, r, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

func BenchmarkIm2Col(b *testing.B) {
	for _, g := range []Geom{
		geom(64, 56, 56, 3, 3, 1, 1, 1, 1, 1, 1),
		geom(3, 224, 224, 7, 7, 2, 2, 3, 3, 1, 1),
	} {
		nx, ncol := sizes(g)
		x, col := make([]float32, nx), make([]float32, ncol)
		b.Run(fmt.Sprintf("C%d_%dx%d_k%d_s%d", g.C, g.H, g.W, g.KH, g.SH), func(b *testing.B) {
			for b.Loop() {
				Im2Col(g, x, col)
			}
			b.SetBytes(int64(4 * ncol))
		})
		b.Run(fmt.Sprintf("Col2Im_C%d_%dx%d_k%d_s%d", g.C, g.H, g.W, g.KH, g.SH), func(b *testing.B) {
			for b.Loop() {
				Col2Im(g, col, x)
			}
			b.SetBytes(int64(4 * ncol))
		})
	}
}
