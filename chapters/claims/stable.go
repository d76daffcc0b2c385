package claims

import (
	"math"
	"strconv"

	"github.com/cnnbook/cnnbook/nn"
)

// Numbers that come out of float32 arithmetic depend on the order in which
// the GEMM kernel sums (the generic Go loop, AVX2, AVX-512 all differ in
// the last bits). Through 55 BatchNorm layers at batch 8 that grows to
// 1.4% (plain56's first-layer gradient norm: 2.93e+03 with AVX2, 2.89e+03
// with CNNBOOK_GEMM=generic), and a difference at rounding level is itself
// pure rounding (6e-07 or 7e-07). The book prints such numbers only to
// the digits every kernel agrees on, with these helpers; book's
// TestFreshGenericKernel builds the pages with the generic kernel and
// compares them with the committed ones.

// OneFigure renders x to one significant figure: 2.93e+03 and 2.89e+03
// are both "3e+03", 2.96 is "3".
func OneFigure(x float64) string {
	return strconv.FormatFloat(x, 'g', 1, 64)
}

// Decade renders x > 0 as the power of ten nearest to it on a log scale,
// with thousands separators: 977 and 991 are both "1,000" (10^2.99 and
// 10^3.00; the neighbours' boundaries are at 316 and 3,162).
func Decade(x float64) string {
	if !(x > 0) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	e := math.Round(math.Log10(x))
	if e >= 0 && e < 18 {
		return nn.Comma(int64(math.Pow(10, e)))
	}
	return strconv.FormatFloat(math.Pow(10, e), 'g', -1, 64)
}

// Below renders a non-negative difference at rounding level as the next
// power of ten above it: 6e-07 and 7e-07 are both "1e-06", 2.4e-06 and
// 2.9e-06 both "1e-05"; 0 is "0".
func Below(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(math.Pow(10, math.Floor(math.Log10(x))+1), 'g', -1, 64)
}
