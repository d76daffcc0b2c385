package results

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Spread summarises one number measured over several seeds (or draws):
// the mean, the sample standard deviation and the 95 % confidence
// interval of the mean from Student's t with n − 1 degrees of freedom,
//
//	mean ± t_{0.975, n−1} · sd / √n,
//
// the interval to use with as few seeds as a CPU allows (with 3 seeds t is
// 4.30, not the normal 1.96).
type Spread struct {
	N        int
	Mean, SD float64
	Lo, Hi   float64 // the 95 % interval of the mean; both Mean when N = 1
	Min, Max float64
}

// SpreadOf computes the Spread of xs with gonum's stat and distuv.
func SpreadOf(xs []float64) (Spread, error) {
	n := len(xs)
	if n == 0 {
		return Spread{}, fmt.Errorf("results: no values to summarise")
	}
	s := Spread{N: n, Min: math.Inf(1), Max: math.Inf(-1)}
	for _, x := range xs {
		s.Min, s.Max = min(s.Min, x), max(s.Max, x)
	}
	if n == 1 {
		s.Mean, s.Lo, s.Hi = xs[0], xs[0], xs[0]
		return s, nil
	}
	s.Mean, s.SD = stat.MeanStdDev(xs, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	h := t * s.SD / math.Sqrt(float64(n))
	s.Lo, s.Hi = s.Mean-h, s.Mean+h
	return s, nil
}
