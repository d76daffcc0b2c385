//go:build !amd64 || purego

package gemm

// This build has no assembly kernel: kernel always runs kernelGeneric.
const haveBuild = false

const (
	cpuAVX2   = false
	cpuAVX512 = false
)

const errNoAsm = "gemm: no assembly kernel in this build"

func kernelAsm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int) {
	panic(errNoAsm)
}

func kernel512Asm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int) {
	panic(errNoAsm)
}

func copyRowsAsm(n int, src *float32, lds int, dst *float32, ldd int) { panic(errNoAsm) }

func transRowsAsm(n int, src *float32, lds int, dst *float32, ldd int) { panic(errNoAsm) }

func fmaPeakAsm(n int) { panic(errNoAsm) }

func packA6Asm(n int, src *float32, lda int, dst *float32) { panic(errNoAsm) }

func fmaPeak512Asm(n int) { panic(errNoAsm) }

func epilogueAsm(h, w int, c *float32, ldc int, bias, add *float32, relu bool) { panic(errNoAsm) }

func kernel512EpAsm(k int, a, b *float32, beta float32, c *float32, ldc int, bias, add *float32, relu bool) {
	panic(errNoAsm)
}
