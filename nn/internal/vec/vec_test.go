package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// both runs f with the assembly (where this build and CPU have it) and
// with the plain Go loops only.
func both(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	old := useAsm
	defer func() { useAsm = old }()
	if old {
		t.Run("asm", f)
	}
	useAsm = false
	t.Run("go", f)
}

// data returns n floats in [−2, 2) with exact zeros, and one NaN when
// nan (at a random place).
func data(rng *rand.Rand, n int, nan bool) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.Float64()*4 - 2)
		if rng.IntN(7) == 0 {
			x[i] = 0
		}
	}
	if nan && n > 0 {
		x[rng.IntN(n)] = float32(math.NaN())
	}
	return x
}

// lengths covers the empty slice, tails shorter than a vector, whole
// vectors and both together.
var lengths = []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 64, 100, 1023}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*max(1, math.Abs(b))
}

// TestSums compares the float64 sums with plain loops in element order.
func TestSums(t *testing.T) {
	both(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, n := range lengths {
			a, b := data(rng, n, false), data(rng, n, false)
			var s, sq, sab float64
			for i := range a {
				s += float64(a[i])
				sab += float64(a[i]) * float64(b[i])
			}
			mean := s / float64(max(n, 1))
			for _, v := range a {
				sq += (float64(v) - mean) * (float64(v) - mean)
			}
			if got := Sum64(a); !near(got, s, 1e-12) {
				t.Errorf("n %d: Sum64 = %v, want %v", n, got, s)
			}
			if got := SqDev64(a, mean); !near(got, sq, 1e-12) {
				t.Errorf("n %d: SqDev64 = %v, want %v", n, got, sq)
			}
			ga, gab := SumDot64(a, b)
			if !near(ga, s, 1e-12) || !near(gab, sab, 1e-12) {
				t.Errorf("n %d: SumDot64 = %v, %v, want %v, %v", n, ga, gab, s, sab)
			}
			for _, relu := range []bool{false, true} {
				y := data(rng, n, true)
				dst := make([]float32, n)
				got := MaskSum64(dst, a, y, relu)
				var want float64
				for i, g := range a {
					if relu && y[i] <= 0 {
						g = 0
					}
					if dst[i] != g {
						t.Fatalf("n %d relu %v: MaskSum64 dst[%d] = %v, want %v (y %v)", n, relu, i, dst[i], g, y[i])
					}
					want += float64(g)
				}
				if !near(got, want, 1e-12) {
					t.Errorf("n %d relu %v: MaskSum64 = %v, want %v", n, relu, got, want)
				}
			}
		}
	})
}

// TestMaps compares the element-wise maps with their definitions (to
// float32 rounding: the assembly fuses multiply-adds).
func TestMaps(t *testing.T) {
	both(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, n := range lengths {
			x, y, z := data(rng, n, true), data(rng, n, true), data(rng, n, false)
			for _, relu := range []bool{false, true} {
				dst := make([]float32, n)
				Norm(dst, x, 0.25, -1.5, 0.75, relu)
				for i, v := range x {
					w := (float64(v)-0.25)*-1.5 + 0.75
					if relu {
						w = math.Max(w, 0)
					}
					if !near(float64(dst[i]), w, 1e-6) {
						t.Errorf("n %d relu %v: Norm(%v) = %v, want %v", n, relu, v, dst[i], w)
					}
				}
				AddScaled(dst, x, y, 0.5, relu)
				for i := range x {
					w := float64(x[i]) + 0.5*float64(y[i])
					if relu {
						w = math.Max(w, 0)
					}
					if !near(float64(dst[i]), w, 1e-6) {
						t.Errorf("n %d relu %v: AddScaled(%v, %v) = %v, want %v", n, relu, x[i], y[i], dst[i], w)
					}
				}
			}
			dy := append([]float32(nil), z...)
			ReLUMask(dy, y)
			for i := range y {
				want := z[i]
				if y[i] <= 0 {
					want = 0
				}
				if dy[i] != want {
					t.Errorf("n %d: ReLUMask: dy[%d] = %v, want %v (y %v)", n, i, dy[i], want, y[i])
				}
			}
			sum := append([]float32(nil), z...)
			Add(sum, x)
			for i := range x {
				if w := z[i] + x[i]; sum[i] != w && !(math.IsNaN(float64(w)) && math.IsNaN(float64(sum[i]))) {
					t.Errorf("n %d: Add: %v, want %v", n, sum[i], w)
				}
			}
			dx := make([]float32, n)
			BNBackward(dx, z, x, 1.5, -0.25, 0.5, 0.125)
			for i := range z {
				w := 1.5*float64(z[i]) - 0.25 + 0.5*(float64(x[i])-0.125)
				if !near(float64(dx[i]), w, 1e-6) {
					t.Errorf("n %d: BNBackward = %v, want %v", n, dx[i], w)
				}
			}
		}
	})
}

// TestLengths: slices of different lengths are a clear panic, not a
// read past the end.
func TestLengths(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("Add of 9 into 8 floats did not panic")
		}
	}()
	Add(make([]float32, 8), make([]float32, 9))
}

func BenchmarkMaskSum64(b *testing.B) {
	dst, src, y := make([]float32, 1<<16), make([]float32, 1<<16), make([]float32, 1<<16)
	for b.Loop() {
		MaskSum64(dst, src, y, true)
	}
	b.SetBytes(3 * 4 << 16)
}

// Test2D: Copy2D and Add2D touch exactly the rows×cols block of dst,
// for every tail length, and leave the floats between rows (and after
// the last) alone.
func Test2D(t *testing.T) {
	both(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, rows := range []int{0, 1, 3} {
			for cols := 0; cols <= 19; cols++ {
				ldd, lds := cols+3, cols+5
				src := data(rng, max(0, (rows-1)*lds+cols), false)
				dst0 := data(rng, max(0, (rows-1)*ldd+cols)+4, false)
				cp, ad := append([]float32(nil), dst0...), append([]float32(nil), dst0...)
				Copy2D(cp, ldd, src, lds, rows, cols)
				Add2D(ad, ldd, src, lds, rows, cols)
				for i := range dst0 {
					r, c := i/ldd, i%ldd
					wantCp, wantAd := dst0[i], dst0[i]
					if r < rows && c < cols {
						wantCp, wantAd = src[r*lds+c], dst0[i]+src[r*lds+c]
					}
					if cp[i] != wantCp || ad[i] != wantAd {
						t.Fatalf("%d×%d: dst[%d]: copy %v add %v, want %v and %v", rows, cols, i, cp[i], ad[i], wantCp, wantAd)
					}
				}
			}
		}
	})
}

// TestMaxPool2x2Row compares MaxPool2x2Row with its plain loop on rows
// of every length up to 20 (whole steps, an overlapping last step, and
// rows shorter than a step), with ties, NaNs and −∞.
func TestMaxPool2x2Row(t *testing.T) {
	both(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for n := 0; n <= 20; n++ {
			w := 2*n + rng.IntN(3)
			x := make([]float32, 2*w)
			for i := range x {
				x[i] = float32(rng.IntN(4))
				switch rng.IntN(10) {
				case 0:
					x[i] = float32(math.NaN())
				case 1:
					x[i] = float32(math.Inf(-1))
				}
			}
			y, sw := make([]float32, n), make([]int32, n)
			wy, wsw := make([]float32, n), make([]int32, n)
			MaxPool2x2Row(y, sw, x, w, 100)
			maxPool2x2Go(wy, wsw, x, w, 100, 0)
			for j := range y {
				if math.Float32bits(y[j]) != math.Float32bits(wy[j]) || sw[j] != wsw[j] {
					t.Fatalf("n %d w %d: output %d: %v at %d, want %v at %d", n, w, j, y[j], sw[j], wy[j], wsw[j])
				}
			}
		}
	})
}

// TestDotNT compares DotNT with a float64 triple loop on shapes with
// and without edge blocks (m not a multiple of 4, n not of 3) and
// k-tails, accumulating onto C.
func TestDotNT(t *testing.T) {
	both(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, s := range [][3]int{{1, 1, 1}, {4, 3, 8}, {6, 25, 784}, {16, 150, 100}, {5, 7, 19}, {2, 2, 0}, {3, 4, 300}} {
			m, n, k := s[0], s[1], s[2]
			lda, ldb, ldc := k+1, k+3, n+2
			a, b := data(rng, max(0, (m-1)*lda+k), false), data(rng, max(0, (n-1)*ldb+k), false)
			c := data(rng, (m-1)*ldc+n, false)
			want := make([]float64, len(c))
			for i := range c {
				want[i] = float64(c[i])
			}
			for i := range m {
				for j := range n {
					for p := range k {
						want[i*ldc+j] += float64(a[i*lda+p]) * float64(b[j*ldb+p])
					}
				}
			}
			DotNT(c, ldc, a, lda, b, ldb, m, n, k)
			for i := range c {
				if !near(float64(c[i]), want[i], 1e-5*float64(max(k, 1))) {
					t.Fatalf("%v: c[%d] = %v, want %v", s, i, c[i], want[i])
				}
			}
		}
	})
}

// TestSGDMomentum: the same bits as the plain loop.
func TestSGDMomentum(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range lengths {
		w, g, b := data(rng, n, false), data(rng, n, false), data(rng, n, false)
		w2, b2 := append([]float32(nil), w...), append([]float32(nil), b...)
		SGDMomentum(w, g, b, 0.1, 0.9, 5e-4)
		sgdGo(w2, g, b2, 0.1, 0.9, 5e-4)
		for i := range w {
			if math.Float32bits(w[i]) != math.Float32bits(w2[i]) || math.Float32bits(b[i]) != math.Float32bits(b2[i]) {
				t.Fatalf("n %d: w[%d], b[%d] = %v, %v; the loop gives %v, %v", n, i, i, w[i], b[i], w2[i], b2[i])
			}
		}
	}
}
