package gemm

import (
	"sync"
	"unsafe"

	"github.com/cnnbook/cnnbook/nn/internal/par"
)

// Panic messages for programmer errors. They all start with "gemm: ".
const (
	errNegM   = "gemm: m < 0"
	errNegN   = "gemm: n < 0"
	errNegK   = "gemm: k < 0"
	errLdA    = "gemm: lda < max(1, k)"
	errLdAT   = "gemm: lda < max(1, m) with transA"
	errLdB    = "gemm: ldb < max(1, n)"
	errLdBT   = "gemm: ldb < max(1, k) with transB"
	errLdC    = "gemm: ldc < max(1, n)"
	errShortA = "gemm: len(a) too short"
	errShortB = "gemm: len(b) too short"
	errShortC = "gemm: len(c) too short"
)

// minChunkFlops is the least work (in flops, 2·m·n·k) worth a goroutine of
// its own: about 20–40µs of kernel time (at 60 GFLOP/s per core for the
// AVX2 kernel; 10× longer for the generic one), well above the cost of
// starting and joining a goroutine. With 1 << 18, 64×64×64 went parallel
// and ran at about half the speed it reaches on one core.
const minChunkFlops = 1 << 21

// Sgemm computes
//
//	C = alpha·op(A)·op(B) + beta·C
//
// for row-major matrices, where op(X) is X or Xᵀ as selected by transA and
// transB, op(A) is m×k, op(B) is k×n and C is m×n. The arguments follow
// row-major CBLAS: A is stored as m×k (k×m if transA) with row stride lda,
// B as k×n (n×k if transB) with row stride ldb, and C with row stride ldc.
//
// As in BLAS, when beta == 0 C is overwritten without being read (NaN in C
// does not propagate), and when alpha == 0 or k == 0 A and B are not read
// and C is only scaled by beta.
//
// Sgemm panics with a message starting "gemm: " if a dimension is
// negative, a leading dimension is smaller than the row length it
// strides over (or 1), or a slice is too short for the matrix it holds.
// Large products run in parallel on par.Workers() goroutines.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// checkArgs panics if the arguments do not describe valid matrices.
func checkArgs(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	switch {
	case m < 0:
		panic(errNegM)
	case n < 0:
		panic(errNegN)
	case k < 0:
		panic(errNegK)
	}
	// Stored shapes: A is ar×ac, B is br×bc.
	ar, ac := m, k
	if transA {
		ar, ac = k, m
		if lda < max(1, m) {
			panic(errLdAT)
		}
	} else if lda < max(1, k) {
		panic(errLdA)
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
		if ldb < max(1, k) {
			panic(errLdBT)
		}
	} else if ldb < max(1, n) {
		panic(errLdB)
	}
	if ldc < max(1, n) {
		panic(errLdC)
	}
	if len(a) < need(ar, ac, lda) {
		panic(errShortA)
	}
	if len(b) < need(br, bc, ldb) {
		panic(errShortB)
	}
	if len(c) < need(m, n, ldc) {
		panic(errShortC)
	}
}

// need returns the minimal slice length holding a rows×cols matrix with
// row stride ld.
func need(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// scaleC sets C = beta·C, writing zeros without reading C when beta == 0.
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// sgemm splits C into strips for par.For when the product is large enough
// and runs the blocked algorithm on each strip. The arguments are valid
// and m, n, k > 0, alpha != 0.
func sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	flops := 2 * float64(m) * float64(n) * float64(k)
	if par.Workers() == 1 || flops < 2*minChunkFlops {
		blocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Split the dimension with more tiles, on tile boundaries, so every
	// strip keeps full-size kernel calls.
	tilesM, tilesN := ceilDiv(m, mr), ceilDiv(n, nr)
	if tilesN >= tilesM {
		grain := int(minChunkFlops / (2 * float64(m) * float64(k) * float64(nr)))
		par.For(tilesN, grain, func(lo, hi int) {
			j0, j1 := lo*nr, min(hi*nr, n)
			boff := j0
			if transB {
				boff = j0 * ldb
			}
			blocked(transA, transB, m, j1-j0, k, alpha, a, lda, b[boff:], ldb, beta, c[j0:], ldc)
		})
		return
	}
	grain := int(minChunkFlops / (2 * float64(n) * float64(k) * float64(mr)))
	par.For(tilesM, grain, func(lo, hi int) {
		i0, i1 := lo*mr, min(hi*mr, m)
		aoff := i0 * lda
		if transA {
			aoff = i0
		}
		blocked(transA, transB, i1-i0, n, k, alpha, a[aoff:], lda, b, ldb, beta, c[i0*ldc:], ldc)
	})
}

func ceilDiv(x, y int) int { return (x + y - 1) / y }

// buffers holds the packed operands of one goroutine.
type buffers struct {
	a, b []float32
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

// grow returns s resliced to n elements, reallocating if needed.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// blocked runs the serial cache-blocked algorithm (see doc.go).
func blocked(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	buf := bufPool.Get().(*buffers)
	defer bufPool.Put(buf)
	// Split k into equal panels of at most kc (k = 576 gives 288+288, not
	// 256+256+64): a short last panel would pay the kernel's per-call
	// cost of loading and storing its C tile for little work.
	kp := ceilDiv(k, ceilDiv(k, kc))
	buf.a = grow(buf.a, kp*min(ceilDiv(m, mr)*mr, mc))
	buf.b = grow(buf.b, kp*min(ceilDiv(n, nr)*nr, nc))

	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kp {
			kb := min(kp, k-pc)
			packB(transB, kb, nb, b, ldb, pc, jc, buf.b)
			bet := beta
			if pc > 0 {
				bet = 1 // later k-panels accumulate onto the first
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				packA(transA, mb, kb, a, lda, ic, pc, buf.a)
				macroEp(mb, nb, kb, alpha, buf.a, buf.b, bet, c[ic*ldc+jc:], ldc, nil)
			}
		}
	}
}

// macroEp computes the mb×nb block of C from a packed mb×kb block of A
// and a packed kb×nb panel of B, one mr×nr tile at a time. Full tiles go
// straight to kernel; ragged edge tiles are computed into a scratch tile
// and merged. e (nil for none) is then applied to each tile while it is
// in L1, with e.Bias and e.Add offset as c is (Packed.Mul's epilogue).
func macroEp(mb, nb, kb int, alpha float32, pa, pb []float32, beta float32, c []float32, ldc int, e *Epilogue) {
	var tmp [maxMR * maxNR]float32
	for jr := 0; jr < nb; jr += nr {
		w := min(nr, nb-jr)
		bs := pb[jr*kb : jr*kb+kb*nr]
		for ir := 0; ir < mb; ir += mr {
			h := min(mr, mb-ir)
			as := pa[ir*kb : ir*kb+kb*mr]
			if h == mr && w == nr {
				if e != nil && kern == kAVX512 && alpha == 1 && fuseEpilogue {
					kernelEp(kb, as, bs, beta, c[ir*ldc+jr:], ldc, e, ir, jr)
					continue
				}
				kernel(kb, alpha, as, bs, beta, c[ir*ldc+jr:], ldc)
				if e != nil {
					epilogueTile(h, w, c[ir*ldc+jr:], ldc, e, ir, jr)
				}
				continue
			}
			kernel(kb, alpha, as, bs, 0, tmp[:], nr)
			for i := 0; i < h; i++ {
				ci := c[(ir+i)*ldc+jr:][:w]
				ti := tmp[i*nr:][:w]
				if beta == 0 {
					copy(ci, ti)
					continue
				}
				for j := range ci {
					ci[j] = ti[j] + beta*ci[j]
				}
			}
			if e != nil {
				epilogueTile(h, w, c[ir*ldc+jr:], ldc, e, ir, jr)
			}
		}
	}
}

// fuseEpilogue lets macroEp use kernelEp (a variable so that a test can
// compare it with kernel followed by epilogueTile, bit for bit).
var fuseEpilogue = true

// kernelEp is kernel (alpha = 1) followed by epilogueTile on a full
// tile, in one call of the AVX-512 kernel that applies the epilogue in
// registers (kernel512EpAsm); it checks what kernel and epilogueTile
// would.
func kernelEp(k int, a, b []float32, beta float32, c []float32, ldc int, e *Epilogue, ir, jr int) {
	if k < 0 || len(a) < k*mr || len(b) < k*nr || ldc < nr || len(c) < (mr-1)*ldc+nr {
		panic(errKernel)
	}
	var bias, add *float32
	if e.Bias != nil {
		bias = &e.Bias[ir:][:mr][0]
	}
	if e.Add != nil {
		add = &e.Add[ir*ldc+jr:][:(mr-1)*ldc+nr][0]
	}
	kernel512EpAsm(k, unsafe.SliceData(a), unsafe.SliceData(b), beta, unsafe.SliceData(c), ldc, bias, add, e.ReLU)
}

// epilogueTile applies e to the h×w tile at c, which is row ir, column
// jr of the block e's slices start at.
func epilogueTile(h, w int, c []float32, ldc int, e *Epilogue, ir, jr int) {
	t := Epilogue{ReLU: e.ReLU}
	if e.Bias != nil {
		t.Bias = e.Bias[ir:]
	}
	if e.Add != nil {
		t.Add = e.Add[ir*ldc+jr:]
	}
	if !useAsm() || w%8 != 0 {
		epilogueGo(h, w, c, ldc, &t)
		return
	}
	// The lengths epilogueAsm relies on (as epilogueGo's slicing checks).
	_ = c[(h-1)*ldc+w-1]
	var bias, add *float32
	if t.Bias != nil {
		_ = t.Bias[h-1]
		bias = &t.Bias[0]
	}
	if t.Add != nil {
		_ = t.Add[(h-1)*ldc+w-1]
		add = &t.Add[0]
	}
	epilogueAsm(h, w, &c[0], ldc, bias, add, t.ReLU)
}
