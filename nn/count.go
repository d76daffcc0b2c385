package nn

import (
	"fmt"
	"math"
	"strings"
)

// The analysis counts in int64. An input large enough to overflow a count
// (3×3,037,000,500² has 2.8·10¹⁹ elements; 2⁶³−1 ≈ 9.2·10¹⁸) is an error
// naming the layer where it first overflows, never a wrapped negative
// number printed as a result.

// mulCount returns the product of factors (each ≥ 0) and whether it fits
// in int64.
func mulCount(factors ...int64) (int64, bool) {
	p := int64(1)
	for _, f := range factors {
		if f == 0 {
			return 0, true
		}
	}
	for _, f := range factors {
		if f < 0 || p > math.MaxInt64/f {
			return 0, false
		}
		p *= f
	}
	return p, true
}

// addCount returns a+b (both ≥ 0) and whether it fits in int64.
func addCount(a, b int64) (int64, bool) {
	if a > math.MaxInt64-b {
		return 0, false
	}
	return a + b, true
}

// Count returns the product of factors, a count of what (say "MACs") at
// the current layer. If the product does not fit in int64 it returns 0
// and the analysis fails with an error naming the layer and the product
// (Analyze returns it).
func (a *Analyzer) Count(what string, factors ...int64) int64 {
	n, ok := mulCount(factors...)
	if !ok {
		parts := make([]string, len(factors))
		for i, f := range factors {
			parts[i] = Comma(f)
		}
		a.fail(a.Errorf("%s %s exceed 2⁶³−1: too large to count", what, strings.Join(parts, "·")))
	}
	return n
}

// fail records the first error of the analysis that a method without an
// error result (Leaf, Count) meets.
func (a *Analyzer) fail(err error) {
	if a.err == nil {
		a.err = err
	}
}

// elems is Count for the elements of a shape.
func (a *Analyzer) elems(what string, s Shape) int64 {
	f := make([]int64, len(s))
	for i, d := range s {
		f[i] = int64(d)
	}
	return a.Count(fmt.Sprintf("%s %v:", what, s), f...)
}

// total adds n to *sum, failing the analysis if the sum overflows.
func (a *Analyzer) total(what string, sum *int64, n int64) {
	s, ok := addCount(*sum, n)
	if !ok {
		a.fail(a.Errorf("total %s %s + %s exceed 2⁶³−1: too large to count", what, Comma(*sum), Comma(n)))
		return
	}
	*sum = s
}
