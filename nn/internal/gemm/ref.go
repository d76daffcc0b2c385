package gemm

// SgemmRef computes C = alpha·op(A)·op(B) + beta·C with the same
// arguments and semantics as Sgemm, using the plain triple loop with
// float64 accumulation. It shares no code with Sgemm and is the
// reference the tests compare against; it is far too slow for real work.
//
// As in BLAS, A and B are not read when alpha == 0 or k == 0, and C is
// not read when beta == 0.
func SgemmRef(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic("gemm: SgemmRef: negative dimension")
	}
	if ldc < max(1, n) {
		panic("gemm: SgemmRef: ldc < max(1, n)")
	}
	at := func(i, p int) float64 { // op(A)[i][p]
		if transA {
			return float64(a[p*lda+i])
		}
		return float64(a[i*lda+p])
	}
	bt := func(p, j int) float64 { // op(B)[p][j]
		if transB {
			return float64(b[j*ldb+p])
		}
		return float64(b[p*ldb+j])
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			if alpha != 0 {
				for p := 0; p < k; p++ {
					s += at(i, p) * bt(p, j)
				}
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}

// kernelRef is the reference loop of kernel's doc comment, as code.
func kernelRef(k int, alpha float32, a, b []float32, beta float32, c []float32, ldc int) {
	for i := 0; i < mr; i++ {
		for j := 0; j < nr; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += a[p*mr+i] * b[p*nr+j]
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}
