//go:build !amd64 || purego

package dwconv

// This build has no assembly rows; gemm reports the generic kernel, so
// conv3x3 never calls these.

func row512Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool) {
	panic("dwconv: no assembly in this build")
}

func row256Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool) {
	panic("dwconv: no assembly in this build")
}

const haveAsm = false

func deint512Asm(ev, od, src *float32, n int) { panic("dwconv: no assembly in this build") }
