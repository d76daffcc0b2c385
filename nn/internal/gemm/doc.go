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
//     (element (i, p) at p*mr+i), zero-padded to mr (with an assembly
//     kernel, 6×8 blocks at a time by AVX transposes, packA6Asm);
//   - macroEp walks the mr×nr tiles of the C block and calls kernel once
//     per tile; ragged edge tiles go through a small scratch tile. (The
//     other loop order, each A sliver in L1 while the B slivers stream
//     past, was 8% faster at 64×3136×576 and 3% slower on vgg16's
//     forward pass: kept as it is, 3 Dec 2026.)
//
// Pack and Packed.Mul are the same algorithm with op(A) packed once, in
// advance, for products that reuse it (an inference plan's convolution
// weights), and an epilogue applied to each tile of C after its last
// k-panel, while the tile is in L1: a bias per row, a matrix added (a
// residual block's shortcut) and a ReLU (Epilogue; epilogueAsm, AVX, on
// the assembly kernels' path, epilogueGo elsewhere).
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
//   - the tile shape mr×nr and the blocking kc, mc and nc, which are
//     per kernel (the table tiles) and set with the kernel by use,
//   - func kernel(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int),
//     whose doc comment is its exact reference loop (kernelRef in ref.go
//     is that loop as code, and kernel_test.go compares the two).
//
// kernel checks the slice lengths once and dispatches to one of three
// implementations of the same contract:
//
//   - kernel512Asm (kernel512_amd64.s), AVX-512F assembly: a 6×32 tile
//     in 12 ZMM accumulators; each step of k loads a 32-wide row of the B
//     sliver into two ZMM registers, broadcasts the 6 values of the A
//     column and issues 12 VFMADD231PS of 16 lanes.
//   - kernelAsm (kernel_amd64.s), AVX2+FMA assembly: the same layout with
//     YMM registers, a 6×16 tile.
//   - kernelGeneric (kernel.go), portable Go: the tile as 2×4 blocks of
//     scalar multiply-adds, for other CPUs and architectures. Its inner
//     loop uses unsafe pointer stepping because the Go compiler does not
//     remove the bounds checks of the slice-based form (that costs about
//     30%); kernel has checked the lengths, so it is still memory safe.
//
// The assembly files are built on amd64 unless the purego build tag is
// set. With either assembly kernel, packB also uses two small AVX2
// helpers from the same files, copyRowsAsm (B as stored) and
// transRowsAsm (Bᵀ, by 8×8 AVX transposes): on thin products (small m),
// each packed element of B serves few rows of A, and the Go loops made
// packing 30–45% of the time.
//
// # Choosing the kernel
//
// select.go chooses once, at start-up, from what golang.org/x/sys/cpu
// reports (AVX2 and FMA; AVX-512F, with the OS saving the ZMM state):
// AVX-512 where it can run, unless a one-millisecond measurement of both
// kernels on L1-resident slivers finds the AVX2 one more than 10% faster
// per flop (on some CPUs 512-bit instructions run as two halves or lower
// the clock); AVX2 where only it can run; the generic kernel elsewhere.
// The environment variable CNNBOOK_GEMM forces a kernel: "avx512",
// "avx2" or "generic" (to time or test a whole model on one path). A
// kernel the CPU or build cannot run is not used: the program prints one
// line on standard error naming the request, the reason and the kernel
// used instead, and goes on (CNNBOOK_GEMM_HIDE=avx2 or =avx512 simulates
// such a CPU for the tests). The purego build tag leaves only the
// generic kernel. KernelName reports the choice. The tests in
// kernel_test.go, gemm_test.go and gonum_test.go run every case with
// each kernel in one process (subtests avx512, avx2 and generic), against
// the float64 triple loop SgemmRef and against gonum's blas32.Gemm, and
// the benchmarks time them side by side.
//
// packA, packB and macroEp are written in terms of the tile variables
// only, so a kernel for another instruction set (NEON) needs a file pair
// like kernel_amd64.go/.s, a row in tiles and a case in kernel.
//
// # Speed
//
// The pure-Go kernel compiles to scalar MULSS/ADDSS pairs (the Go compiler
// does not vectorize), so it is bounded by the scalar floating-point ports:
// a few GFLOP/s per core. The AVX2 kernel does 8 multiply-adds per
// instruction, two instructions per cycle: 32 flops per cycle per core;
// the AVX-512 kernel 16, 64 flops per cycle on CPUs with two 512-bit FMA
// units (AMD Zen 5; Zen 4 splits each into two 256-bit halves).
// On L1-resident slivers (BenchmarkKernel) it runs within a few per cent
// of a loop of independent VFMADD231PS with no loads at all, measured
// side by side in thread CPU time. Sgemm then loses some to packing and
// to C traffic, most on thin products. bench/README.md has the measured
// numbers beside PyTorch's on the same machine.
package gemm
