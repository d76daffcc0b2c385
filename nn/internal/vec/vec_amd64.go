//go:build !purego

package vec

import "github.com/cnnbook/cnnbook/nn/internal/gemm"

// useAsm: gemm runs one of its assembly kernels, so the CPU has AVX2 and
// FMA (gemm checks them with golang.org/x/sys/cpu) and neither
// CNNBOOK_GEMM=generic nor CNNBOOK_GEMM_HIDE asks for plain Go: one
// switch turns all of nn's assembly off. A variable so that the tests
// can take both paths.
var useAsm = gemm.KernelName() != "generic"

// whole returns the part of n floats the assembly takes: whole vectors of 8.
func whole(n int) int {
	if !useAsm {
		return 0
	}
	return n &^ 7
}

// The assembly (vec_amd64.s), on n floats, n a multiple of 8 and > 0.

//go:noescape
func sum64Asm(x *float32, n int) float64

//go:noescape
func sqDev64Asm(x *float32, n int, mean float64) float64

//go:noescape
func sumDot64Asm(a, b *float32, n int) (sa, sab float64)

//go:noescape
func normAsm(dst, x *float32, n int, sub, mul, add float32, relu bool)

//go:noescape
func reluMaskAsm(dy, y *float32, n int)

//go:noescape
func maskSum64Asm(dst, src, y *float32, n int, relu bool) float64

//go:noescape
func addAsm(dst, src *float32, n int)

//go:noescape
func addScaledAsm(dst, s, b *float32, n int, scale float32, relu bool)

//go:noescape
func bnBackwardAsm(dx, dy, x *float32, n int, k, a, b, mu float32)

// copy2DAsm and add2DAsm are Copy2D's and Add2D's loops for rows, cols
// > 0: whole vectors, then the cols%8 tail as one more vector over the
// row's last 8 floats, or, for rows under 8 floats, through VMASKMOVPS
// (which neither reads nor writes the lanes it leaves out); mask is
// mask2D(cols).
//
//go:noescape
func copy2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32)

//go:noescape
func add2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32)

// maxPool2x2Asm is MaxPool2x2Row for its first n outputs, n a positive
// multiple of 8 (k is poolLanes).
//
//go:noescape
func maxPool2x2Asm(y *float32, sw *int32, x *float32, w, n, base int, k *[24]int32)

// dot4x3Asm sets out[3r+s] to the dot product of the k floats at a_r
// and at b_s, for r < 4 and s < 3, k a positive multiple of 8.
//
//go:noescape
func dot4x3Asm(a0, a1, a2, a3, b0, b1, b2 *float32, k int, out *[12]float32)

//go:noescape
func sgdAsm(w, grad, b *float32, n int, lr, mu, wd float32)
