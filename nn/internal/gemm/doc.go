// Package gemm implements single-precision general matrix multiplication
// for the nn packages:
//
//	C = alpha·op(A)·op(B) + beta·C
//
// with row-major storage and CBLAS semantics (see Sgemm). SgemmRef is the
// obviously correct triple loop, kept as the reference the tests compare
// against.
//
// # Algorithm
//
// Sgemm follows the GotoBLAS/BLIS layering. For each kc×nc panel of op(B)
// and each mc×kc block of op(A):
//
//   - packB copies the panel into nr-wide column slivers, each stored
//     k-major (element (p, j) of a sliver at p*nr+j), zero-padded to nr;
//   - packA copies the block into mr-tall row slivers, each stored k-major
//     (element (i, p) at p*mr+i), zero-padded to mr;
//   - macro walks the mr×nr tiles of the C block and calls kernel once per
//     tile; ragged edge tiles go through a small scratch tile.
//
// The pack buffers come from a sync.Pool, so steady-state calls do not
// allocate. When 2·m·n·k is large enough, Sgemm splits C into column
// (or row) strips, one per worker via par.For, and each strip runs the
// serial algorithm with its own buffers.
//
// # The kernel seam
//
// Everything that depends on the instruction set lives in kernel.go:
//
//   - the tile shape constants mr and nr,
//   - the blocking constants kc, mc and nc (which depend on the tile shape),
//   - func kernel(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int),
//     whose doc comment is its exact reference loop (kernelRef in ref.go
//     is that loop as code, and kernel_test.go compares the two).
//
// kernel.go is portable Go. Its inner loop uses unsafe pointer stepping
// because the Go compiler does not remove the bounds checks of the
// slice-based form (that costs about 30%); the lengths are checked once
// on entry, so kernel is still memory safe for any arguments.
//
// To drop in an assembly kernel (for example AVX2+FMA with a 6×16 tile):
//
//  1. give kernel.go the constraint //go:build !amd64 || purego;
//  2. add kernel_amd64.go with //go:build amd64 && !purego, defining the
//     same constants (mr, nr, kc, mc, nc) and the kernel declaration
//     without a body, plus kernel_amd64.s implementing it under the
//     contract stated in kernel.go's doc comment (including beta == 0
//     overwriting C without reading it);
//  3. if the CPU feature is optional, dispatch at init time between the
//     assembly body and a Go fallback in that file.
//
// Nothing else needs to change: packA, packB and macro are written in
// terms of mr and nr, and the tests in kernel_test.go and gemm_test.go
// exercise every tile shape and edge case against the references.
//
// The pure-Go kernel compiles to scalar MULSS/ADDSS pairs (the Go compiler
// does not vectorize), so it is bounded by the scalar floating-point ports:
// a few GFLOP/s per core, against tens for an AVX2 kernel. Building with
// GOAMD64=v3 lets the compiler fuse each pair into one scalar VFMADD231SS,
// which also removes register shuffling from the loop.
package gemm
