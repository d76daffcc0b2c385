package gemm

// packA copies the mb×kb block of op(A) starting at row ic, column pc into
// dst as ceil(mb/mr) slivers of mr rows. Sliver r occupies
// dst[r*kb*mr : (r+1)*kb*mr] and holds element (i, p) of the sliver at
// p*mr+i; rows past mb are zero.
//
// op(A)[i][p] is a[i*lda+p], or a[p*lda+i] if transA.
func packA(transA bool, mb, kb int, a []float32, lda, ic, pc int, dst []float32) {
	for r := 0; r*mr < mb; r++ {
		i0 := ic + r*mr
		h := min(mr, mb-r*mr)
		d := dst[r*kb*mr : (r+1)*kb*mr]
		if h < mr {
			clear(d)
		}
		if transA {
			// Row p of the sliver is contiguous in A.
			for p := 0; p < kb; p++ {
				copy(d[p*mr:p*mr+h], a[(pc+p)*lda+i0:][:h])
			}
			continue
		}
		// Column i of the sliver is contiguous in A.
		for i := 0; i < h; i++ {
			row := a[(i0+i)*lda+pc:][:kb]
			for p, v := range row {
				d[p*mr+i] = v
			}
		}
	}
}

// packB copies the kb×nb panel of op(B) starting at row pc, column jc into
// dst as ceil(nb/nr) slivers of nr columns. Sliver s occupies
// dst[s*kb*nr : (s+1)*kb*nr] and holds element (p, j) of the sliver at
// p*nr+j; columns past nb are zero.
//
// op(B)[p][j] is b[p*ldb+j], or b[j*ldb+p] if transB.
func packB(transB bool, kb, nb int, b []float32, ldb, pc, jc int, dst []float32) {
	for s := 0; s*nr < nb; s++ {
		j0 := jc + s*nr
		w := min(nr, nb-s*nr)
		d := dst[s*kb*nr : (s+1)*kb*nr]
		if w < nr {
			clear(d)
		}
		if !transB {
			// Row p of the sliver is contiguous in B.
			if w == nr {
				for p := 0; p < kb; p++ {
					src := (*[nr]float32)(b[(pc+p)*ldb+j0:])
					*(*[nr]float32)(d[p*nr:]) = *src
				}
				continue
			}
			for p := 0; p < kb; p++ {
				copy(d[p*nr:p*nr+w], b[(pc+p)*ldb+j0:][:w])
			}
			continue
		}
		// Column j of the sliver is contiguous in B.
		for j := 0; j < w; j++ {
			col := b[(j0+j)*ldb+pc:][:kb]
			for p, v := range col {
				d[p*nr+j] = v
			}
		}
	}
}
