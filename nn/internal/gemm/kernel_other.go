//go:build !amd64 || purego

package gemm

// This build has no assembly kernel: kernel always runs kernelGeneric.
const haveAsm = false

const asmName = "none"

func kernelAsm(k int, alpha float32, a, b *float32, beta float32, c *float32, ldc int) {
	panic("gemm: no assembly kernel in this build")
}

func copyRowsAsm(n int, src *float32, lds int, dst *float32) {
	panic("gemm: no assembly kernel in this build")
}

func transRowsAsm(n int, src *float32, lds int, dst *float32) {
	panic("gemm: no assembly kernel in this build")
}

func fmaPeakAsm(n int) {
	panic("gemm: no assembly kernel in this build")
}
