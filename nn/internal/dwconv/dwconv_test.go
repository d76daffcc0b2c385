package dwconv

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// conv3x3Ref is the definition, in float64, with the bounds checked per
// tap: the obviously correct loop (nn/conv_reference.go style).
func conv3x3Ref(s int, x []float32, h, w int, k *[9]float32, b float32, relu bool) []float32 {
	oh, ow := OutSize(h, s), OutSize(w, s)
	y := make([]float32, oh*ow)
	for i := range oh {
		for j := range ow {
			acc := float64(b)
			for u := range 3 {
				for v := range 3 {
					hi, wi := s*i-1+u, s*j-1+v
					if hi < 0 || hi >= h || wi < 0 || wi >= w {
						continue
					}
					acc += float64(k[3*u+v]) * float64(x[hi*w+wi])
				}
			}
			if relu {
				acc = max(acc, 0)
			}
			y[i*ow+j] = float32(acc)
		}
	}
	return y
}

// kernels lists the row kernels this CPU and build can run.
func kernels() []int {
	ks := []int{kGeneric}
	if haveAsm && cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kAVX2)
		if cpu.X86.HasAVX512F {
			ks = append(ks, kAVX512)
		}
	}
	return ks
}

var names = [...]string{kGeneric: "generic", kAVX2: "avx2", kAVX512: "avx512"}

// TestConv3x3 compares every kernel with the reference on every size up
// to 20×20 and MobileNet's (112, 56, 28, 14, 7), both strides, with and
// without ReLU, within 1e-5 × max|ref|. The output plane sits between
// two guard regions filled with a sentinel that must survive (the
// kernels write whole vectors), and the buffer is dirty.
func TestConv3x3(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{112, 112}, {56, 56}, {28, 28}, {14, 14}, {7, 7}, {3, 40}, {40, 3}, {5, 33}, {4, 65}, {3, 64}}
	for h := 1; h <= 20; h++ {
		for w := 1; w <= 20; w++ {
			sizes = append(sizes, [2]int{h, w})
		}
	}
	const guard = 64
	sentinel := float32(math.Float32frombits(0x7fc01234))
	for _, kern := range kernels() {
		for _, hw := range sizes {
			h, w := hw[0], hw[1]
			x := make([]float32, h*w)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			var k [9]float32
			for i := range k {
				k[i] = float32(rng.NormFloat64())
			}
			b := float32(rng.NormFloat64())
			buf := make([]float32, BufLen(h, w))
			for i := range buf {
				buf[i] = float32(rng.NormFloat64()) * 1e30
			}
			for _, s := range []int{1, 2} {
				for _, relu := range []bool{false, true} {
					want := conv3x3Ref(s, x, h, w, &k, b, relu)
					all := make([]float32, guard+len(want)+guard)
					for i := range all {
						all[i] = sentinel
					}
					y := all[guard : guard+len(want)]
					conv3x3(kern, s, x, h, w, &k, b, relu, y, buf)
					var d, ref float64
					for i := range want {
						d = max(d, math.Abs(float64(y[i])-float64(want[i])))
						ref = max(ref, math.Abs(float64(want[i])))
					}
					if d > 1e-5*ref || math.IsNaN(d) {
						t.Fatalf("%s %d×%d stride %d relu %v: max|got − ref| = %g > 1e-5 × %g", names[kern], h, w, s, relu, d, ref)
					}
					for i, v := range all {
						if (i < guard || i >= guard+len(want)) && math.Float32bits(v) != math.Float32bits(sentinel) {
							t.Fatalf("%s %d×%d stride %d: wrote outside the plane at %d", names[kern], h, w, s, i-guard)
						}
					}
				}
			}
		}
	}
}

// TestConv3x3NaN: a NaN input stays NaN through the fused ReLU on every
// kernel, as in max(v, 0) in Go and torch.relu.
func TestConv3x3NaN(t *testing.T) {
	x := make([]float32, 20*20)
	x[5*20+5] = float32(math.NaN())
	k := [9]float32{1, 1, 1, 1, 1, 1, 1, 1, 1}
	for _, kern := range kernels() {
		y := make([]float32, 20*20)
		conv3x3(kern, 1, x, 20, 20, &k, 0, true, y, make([]float32, BufLen(20, 20)))
		if !math.IsNaN(float64(y[5*20+5])) || y[0] != 0 {
			t.Errorf("%s: y[5,5] = %g, y[0,0] = %g; want NaN and 0", names[kern], y[5*20+5], y[0])
		}
	}
}

func BenchmarkConv3x3(b *testing.B) {
	for _, kern := range kernels() {
		for _, c := range []struct{ hw, s int }{{112, 1}, {112, 2}, {14, 1}, {7, 1}} {
			b.Run(names[kern]+"/"+itoa(c.hw)+"s"+itoa(c.s), func(b *testing.B) {
				x := make([]float32, c.hw*c.hw)
				y := make([]float32, OutSize(c.hw, c.s)*OutSize(c.hw, c.s))
				buf := make([]float32, BufLen(c.hw, c.hw))
				var k [9]float32
				for b.Loop() {
					conv3x3(kern, c.s, x, c.hw, c.hw, &k, 0, true, y, buf)
				}
				b.ReportMetric(float64(len(y))*18*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
