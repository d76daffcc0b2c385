package nn

import (
	"fmt"
	"math"
	"testing"
)

// The same seed gives the same weights; another seed gives others.
func TestInitDeterministic(t *testing.T) {
	build := func() Module {
		return Seq("", NewLinear("fc1", 20, 30), NewBatchNorm2D("bn", 4), NewLinear("fc2", 30, 5))
	}
	a, b, c := build(), build(), build()
	InitParams(a, NewRNG(42))
	InitParams(b, NewRNG(42))
	InitParams(c, NewRNG(43))
	pa, pb, pc := AllParams(a), AllParams(b), AllParams(c)
	same := true
	for i := range pa {
		for j := range pa[i].Data {
			if pa[i].Data[j] != pb[i].Data[j] {
				t.Fatalf("%s[%d]: seed 42 gave %g then %g, want identical", pa[i].Key, j, pa[i].Data[j], pb[i].Data[j])
			}
			same = same && pa[i].Data[j] == pc[i].Data[j]
		}
	}
	if same {
		t.Errorf("seeds 42 and 43 gave identical weights, want different")
	}
}

// He, Xavier and LeCun init have the standard deviation their papers
// prescribe. The sample standard deviation of n = 262,144 draws has a
// relative standard error of about 1/√(2n) ≈ 0.14% (normal) and less for
// the uniform; 1% is over 5σ.
func TestInitStd(t *testing.T) {
	const out, in, k = 256, 64, 4 // weight (256, 64, 4, 4): fan_in = 64·16 = 1024, fan_out = 256·16 = 4096
	for _, tc := range []struct {
		init Init
		want float64
		why  string
	}{
		{InitHe, math.Sqrt(2.0 / 1024), "He et al. 2015 eq. 10: Var = 2/fan_in"},
		{InitLeCun, math.Sqrt(1.0 / 1024), "LeCun et al. 1998: Var = 1/fan_in"},
		// Glorot & Bengio 2010 eq. 16: U[±√6/√(n_in+n_out)], Var = 2/(n_in+n_out).
		{InitXavier, math.Sqrt(2.0 / (1024 + 4096)), "Glorot & Bengio 2010 eq. 16: Var = 2/(fan_in+fan_out)"},
	} {
		t.Run(tc.why, func(t *testing.T) {
			p := NewParam("weight", tc.init, out, in, k, k)
			p.Fill(NewRNG(1))
			var s, ss float64
			for _, v := range p.Data {
				s += float64(v)
				ss += float64(v) * float64(v)
			}
			n := float64(len(p.Data))
			mean := s / n
			std := math.Sqrt(ss/n - mean*mean)
			if math.Abs(std/tc.want-1) > 0.01 {
				t.Errorf("std got %.6g, want %.6g ± 1%% (%s)", std, tc.want, tc.why)
			}
			if math.Abs(mean) > 5*tc.want/math.Sqrt(n) {
				t.Errorf("mean got %.3g, want 0 ± %.3g (5 standard errors)", mean, 5*tc.want/math.Sqrt(n))
			}
		})
	}
}

func ExampleNewRNG() {
	// A seed fixes every random number the book draws.
	a, b := NewRNG(7), NewRNG(7)
	fmt.Println(a.Uint64() == b.Uint64(), a.IntN(1000) == b.IntN(1000))
	// Output: true true
}
