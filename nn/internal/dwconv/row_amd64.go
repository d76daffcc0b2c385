//go:build !purego

package dwconv

// row512Asm and row256Asm are rowGeneric in AVX-512F and AVX2+FMA
// assembly (row_amd64.s) for n whole vectors of 16 or 8 outputs: they
// write n·16 (n·8) floats at y and read src[u·r + taps[v] + j] for
// j < n·16 (n·8); conv3x3 has made room for both. k holds the nine
// weights and the bias. They run only where gemm runs its assembly
// kernels of the same width (gemm checks the CPU).
//
//go:noescape
func row512Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool)

//go:noescape
func row256Asm(y, src *float32, taps *[3]int, r int, k *[10]float32, n int, relu bool)

// haveAsm reports that this build has the assembly rows.
const haveAsm = true

// deint512Asm splits 32·n floats of src into its even-indexed ones (to
// od) and odd-indexed ones (to ev), 16·n each, with AVX-512F.
//
//go:noescape
func deint512Asm(ev, od, src *float32, n int)
