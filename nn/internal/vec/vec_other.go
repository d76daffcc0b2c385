//go:build !amd64 || purego

package vec

// This build has no assembly: whole gives it nothing to do.

var useAsm = false

func whole(n int) int { return 0 }

const noAsm = "vec: no assembly in this build"

func sum64Asm(x *float32, n int) float64                               { panic(noAsm) }
func sqDev64Asm(x *float32, n int, mean float64) float64               { panic(noAsm) }
func sumDot64Asm(a, b *float32, n int) (sa, sab float64)               { panic(noAsm) }
func normAsm(dst, x *float32, n int, sub, mul, add float32, relu bool) { panic(noAsm) }
func reluMaskAsm(dy, y *float32, n int)                                { panic(noAsm) }
func maskSum64Asm(dst, src, y *float32, n int, relu bool) float64      { panic(noAsm) }
func addAsm(dst, src *float32, n int)                                  { panic(noAsm) }
func addScaledAsm(dst, s, b *float32, n int, scale float32, relu bool) { panic(noAsm) }
func bnBackwardAsm(dx, dy, x *float32, n int, k, a, b, mu float32)     { panic(noAsm) }

func copy2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32) { panic(noAsm) }
func add2DAsm(dst *float32, ldd int, src *float32, lds, rows, cols int, mask *int32)  { panic(noAsm) }

func maxPool2x2Asm(y *float32, sw *int32, x *float32, w, n, base int, k *[24]int32) { panic(noAsm) }

func dot4x3Asm(a0, a1, a2, a3, b0, b1, b2 *float32, k int, out *[12]float32) { panic(noAsm) }

func sgdAsm(w, grad, b *float32, n int, lr, mu, wd float32) { panic(noAsm) }
