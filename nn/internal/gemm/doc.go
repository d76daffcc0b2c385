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
// Sgemm follows the GotoBLAS/BLIS layering. It cuts k into equal panels
// of at most kc (576 = 288 + 288), and for each kc×nc panel of op(B) and
// each mc×kc block of op(A):
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
// Everything that depends on the instruction set sits behind one
// function, kernel, declared in kernel.go with
//
//   - the tile shape constants mr and nr (6×16),
//   - the blocking constants kc, mc and nc (which depend on the tile shape),
//   - func kernel(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int),
//     whose doc comment is its exact reference loop (kernelRef in ref.go
//     is that loop as code, and kernel_test.go compares the two).
//
// kernel checks the slice lengths once and dispatches to one of two
// implementations of the same contract:
//
//   - kernelAsm (kernel_amd64.s), AVX2+FMA assembly: the 6×16 tile lives
//     in 12 YMM accumulators; each step of k loads a 16-wide row of the B
//     sliver into two YMM registers, broadcasts the 6 values of the A
//     column and issues 12 VFMADD231PS. It is built on amd64 unless the
//     purego build tag is set, and used when CPUID reports AVX2 and FMA
//     and the OS saves the YMM state (kernel_amd64.go).
//   - kernelGeneric (kernel.go), portable Go: the same tile as 2×4 blocks
//     of scalar multiply-adds, for other CPUs and architectures. Its inner
//     loop uses unsafe pointer stepping because the Go compiler does not
//     remove the bounds checks of the slice-based form (that costs about
//     30%); kernel has checked the lengths, so it is still memory safe.
//
// With the assembly kernel, packB also uses two small assembly helpers
// from the same files, copyRowsAsm (B as stored) and transRowsAsm (Bᵀ,
// by 8×8 AVX transposes): on thin products (small m), each packed
// element of B serves few rows of A, and the Go loops made packing
// 30–45% of the time.
//
// The package variable useAsm makes the choice. It starts true when the
// assembly kernel can run, unless the environment variable CNNBOOK_GEMM
// is "generic" (to time or test a whole model on the portable path);
// KernelName reports the choice. The tests in kernel_test.go and
// gemm_test.go run every case with both paths in one process (subtests
// asm and generic), and the benchmarks time both side by side.
//
// packA, packB and macro are written in terms of mr and nr only, so a
// kernel for another instruction set (AVX-512, NEON) needs a file pair
// like kernel_amd64.go/.s, a new tile shape in kernel.go if it wants one
// (kernelGeneric works for any mr divisible by 2 and nr divisible by 4),
// and nothing else; the packing helpers are optional.
//
// # Speed
//
// The pure-Go kernel compiles to scalar MULSS/ADDSS pairs (the Go compiler
// does not vectorize), so it is bounded by the scalar floating-point ports:
// a few GFLOP/s per core. The AVX2 kernel does 8 multiply-adds per
// instruction, two instructions per cycle: 32 flops per cycle per core.
// On L1-resident slivers (BenchmarkKernel) it runs within a few per cent
// of a loop of independent VFMADD231PS with no loads at all, measured
// side by side in thread CPU time. Sgemm then loses some to packing and
// to C traffic, most on thin products. bench/README.md has the measured
// numbers beside PyTorch's on the same machine.
package gemm
