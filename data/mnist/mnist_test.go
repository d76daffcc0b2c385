package mnist

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// load is Load for tests: the first call parses, the rest share the Set.
func load(t testing.TB, split string) *Set {
	t.Helper()
	start := time.Now()
	s, err := Load(split)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Logf("Load(%q): %v", split, d)
	}
	return s
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		split string
		n     int
		first []int
	}{
		// The first labels of each file, as every MNIST reader prints them
		// (torchvision.datasets.MNIST(...).targets[:10]).
		{Train, TrainCount, []int{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}},
		{Test, TestCount, []int{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}},
	} {
		t.Run(tc.split, func(t *testing.T) {
			s := load(t, tc.split)
			if s.N != tc.n || len(s.Labels) != tc.n || len(s.Pixels) != tc.n*Rows*Cols {
				t.Fatalf("got N=%d, %d labels, %d pixels; want %d, %d, %d", s.N, len(s.Labels), len(s.Pixels), tc.n, tc.n, tc.n*Rows*Cols)
			}
			var first []int
			for _, l := range s.Labels[:10] {
				first = append(first, int(l))
			}
			if !slices.Equal(first, tc.first) {
				t.Errorf("first labels: got %v, want %v", first, tc.first)
			}
			// Every class occurs; pixels span the whole byte range.
			var hist [Classes]int
			for _, l := range s.Labels {
				hist[l]++
			}
			for d, n := range hist {
				if n < tc.n/20 {
					t.Errorf("digit %d: got %d images, want at least %d", d, n, tc.n/20)
				}
			}
			if lo, hi := slices.Min(s.Pixels), slices.Max(s.Pixels); lo != 0 || hi != 255 {
				t.Errorf("pixel range: got [%d, %d], want [0, 255]", lo, hi)
			}
			if again := load(t, tc.split); again != s {
				t.Errorf("second Load(%q) parsed again: the Set is not cached", tc.split)
			}
		})
	}
}

// TestMeanStd recomputes the normalisation constants from the training
// pixels (population statistics over all 47,040,000 of them, in [0, 1]).
func TestMeanStd(t *testing.T) {
	s := load(t, Train)
	var hist [256]int64
	for _, u := range s.Pixels {
		hist[u]++
	}
	var n, sum, sq float64
	for u, c := range hist {
		v := float64(u) / 255
		n += float64(c)
		sum += float64(c) * v
		sq += float64(c) * v * v
	}
	mean := sum / n
	std := math.Sqrt(sq/n - mean*mean)
	round4 := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	if round4(mean) != Mean || round4(std) != Std {
		t.Errorf("got mean %.5f std %.5f, want %.4f and %.4f to 4 places", mean, std, Mean, Std)
	}
	// The paper's levels: "This makes the mean input roughly 0, and the
	// variance roughly 1" (§II.B). On MNIST's pixels the first half holds
	// (mean 0.067) but the variance is 1.275²·std² = 0.154: the claim
	// would need the pixels' std to be 1/1.275 = 0.78, and MNIST's is 0.31.
	a := PaperForeground - PaperBackground
	pm, pv := PaperBackground+a*mean, a*a*std*std
	if math.Abs(pm) > 0.1 {
		t.Errorf("paper levels: got mean %.3f, want roughly 0", pm)
	}
	if math.Round(pv*1000)/1000 != 0.154 {
		t.Errorf("paper levels: got variance %.4f, want 0.154 (as measured when this test was written)", pv)
	}
	t.Logf("mean %.5f std %.5f; paper levels: mean %.3f variance %.3f", mean, std, pm, pv)
}

// batchSlow is the obviously correct layout: one element at a time,
// through the documented index formulas.
func batchSlow(s *Set, idx []int, f Format) []float32 {
	side := Rows + 2*f.Pad
	out := make([]float32, len(idx)*side*side)
	value := func(u uint8) float32 {
		v := float32(u) / 255
		switch f.Scaling {
		case Standard:
			return (v - Mean) / Std
		case Paper:
			return float32(PaperBackground) + float32(PaperForeground-PaperBackground)*v
		}
		return v
	}
	for n, i := range idx {
		for y := range side {
			for x := range side {
				var u uint8
				r, c := y-f.Pad, x-f.Pad
				if r >= 0 && r < Rows && c >= 0 && c < Cols {
					u = s.Pixels[i*Rows*Cols+r*Cols+c]
				}
				out[(n*side+y)*side+x] = value(u)
			}
		}
	}
	return out
}

func TestBatch(t *testing.T) {
	s := load(t, Test)
	idx := []int{0, 9999, 17, 17, 4242}
	for _, tc := range []struct {
		name   string
		f      Format
		lo, hi float32
	}{
		{"unit", Format{}, 0, 1},
		{"standard", Format{Scaling: Standard}, -Mean / Std, (1 - Mean) / Std},
		{"lenet5", LeNet5, PaperBackground, PaperForeground},
		{"pad5", Format{Pad: 5, Scaling: Standard}, -Mean / Std, (1 - Mean) / Std},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, labels := s.BatchFormat(idx, tc.f)
			side := tc.f.Side()
			if want := []int{len(idx), 1, side, side}; !slices.Equal(x.Shape, want) {
				t.Fatalf("shape: got %v, want %v", x.Shape, want)
			}
			for n, i := range idx {
				if labels[n] != int(s.Labels[i]) {
					t.Errorf("label %d: got %d, want %d", n, labels[n], s.Labels[i])
				}
			}
			if want := batchSlow(s, idx, tc.f); !slices.Equal(x.Data, want) {
				t.Errorf("BatchFormat differs from the element-by-element layout")
			}
			const eps = 1e-6
			lo, hi := slices.Min(x.Data), slices.Max(x.Data)
			if math.Abs(float64(lo-tc.lo)) > eps || math.Abs(float64(hi-tc.hi)) > eps {
				t.Errorf("range: got [%g, %g], want [%g, %g]", lo, hi, tc.lo, tc.hi)
			}
			if tc.f.Pad > 0 && x.Data[0] != lo {
				t.Errorf("border: got %g, want the background %g", x.Data[0], lo)
			}
		})
	}
	x, _ := s.Batch([]int{3})
	if want := []int{1, 1, 28, 28}; !slices.Equal(x.Shape, want) {
		t.Errorf("Batch shape: got %v, want %v", x.Shape, want)
	}
	if got := LeNet5.Side(); got != 32 {
		t.Errorf("LeNet5 side: got %d, want 32 (LeCun et al. 1998 §II.B: \"The input is a 32x32 pixel image\")", got)
	}
}

func TestDir(t *testing.T) {
	if got, want := escapePath(Module), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Errorf("escapePath: got %q, want %q", got, want)
	}
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	// The module-cache fallback finds the same files as go list.
	if d := modCacheDir(); d != "" && checkDir(d) == nil {
		a, _ := filepath.EvalSymlinks(d)
		b, _ := filepath.EvalSymlinks(dir)
		if a != b {
			t.Errorf("module cache path: got %s, go list gives %s", a, b)
		}
	} else {
		t.Errorf("module cache path %s does not hold the files", d)
	}
	t.Setenv("CNNBOOK_MNIST", "testdata")
	if _, err := Dir(); err == nil {
		t.Errorf("CNNBOOK_MNIST=testdata: got no error, want one naming the missing %s", Files[Train][0])
	}
	t.Setenv("CNNBOOK_MNIST", dir)
	if got, err := Dir(); err != nil || got != dir {
		t.Errorf("CNNBOOK_MNIST=%s: got %q, %v", dir, got, err)
	}
}

// BenchmarkRead parses the training set without the cache.
func BenchmarkRead(b *testing.B) {
	dir, err := Dir()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := read(filepath.Join(dir, Files[Train][0]), filepath.Join(dir, Files[Train][1]), TrainCount); err != nil {
			b.Fatal(err)
		}
	}
}
