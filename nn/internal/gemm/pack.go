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
		p0 := 0
		if mr == 6 && h == mr && kb >= 8 && useAsm() {
			p0 = kb &^ 7
			src := a[i0*lda+pc : (i0+5)*lda+pc+p0]
			packA6Asm(p0, &src[0], lda, &d[:6*p0][0])
		}
		for i := 0; i < h; i++ {
			row := a[(i0+i)*lda+pc:][p0:kb]
			for p, v := range row {
				d[(p0+p)*mr+i] = v
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
	if !transB {
		packBRows(kb, nb, b, ldb, pc, jc, dst)
		return
	}
	for s := 0; s*nr < nb; s++ {
		j0 := jc + s*nr
		w := min(nr, nb-s*nr)
		d := dst[s*kb*nr : (s+1)*kb*nr]
		if w < nr {
			clear(d)
		}
		// Column j of the sliver is contiguous in B: packing transposes.
		p0 := 0
		if useAsm() && w == nr {
			p0 = kb &^ 7 // transRowsAsm takes 8 columns at a time
			if p0 > 0 {
				// 16 columns of the sliver per call.
				for h := 0; h < nr; h += 16 {
					src := b[(j0+h)*ldb+pc : (j0+h+15)*ldb+pc+p0]
					transRowsAsm(p0, &src[0], ldb, &d[h], nr)
				}
			}
		}
		for j := 0; j < w; j++ {
			col := b[(j0+j)*ldb+pc:][p0:kb]
			for p, v := range col {
				d[(p0+p)*nr+j] = v
			}
		}
	}
}

// packRows is the height of the bands in which packBRows copies B.
const packRows = 32

// packBRows is packB without transB, where row p of the panel is
// contiguous in B. It copies bands of packRows rows; within a band, it
// fills each sliver with the nr-wide pieces of those rows in turn. Reading
// B a band at a time gives the hardware prefetcher packRows sequential
// streams, and each sliver receives packRows·nr contiguous floats.
// Copying one sliver at a time over all kb rows instead read 64 bytes
// from each row in turn (a new page every time, when B is wide) and made
// packing 44% of Sgemm's time on the conv-shaped product 64×3136×576,
// where each packed element of B serves only 64 rows of A. With an
// assembly kernel, the copies of full slivers go through copyRowsAsm.
func packBRows(kb, nb int, b []float32, ldb, pc, jc int, dst []float32) {
	full := nb / nr // slivers without padding
	w := nb - full*nr
	if w > 0 {
		clear(dst[full*kb*nr : (full+1)*kb*nr])
	}
	for p0 := 0; p0 < kb; p0 += packRows {
		p1 := min(p0+packRows, kb)
		for s := 0; s < full; s++ {
			d := dst[s*kb*nr:]
			// 16 columns of the sliver at a time (nr is 16 or 32).
			for h := 0; h < nr; h += 16 {
				if useAsm() {
					src := b[(pc+p0)*ldb+jc+s*nr+h : (pc+p1-1)*ldb+jc+s*nr+h+16]
					dd := d[p0*nr+h : (p1-1)*nr+h+16]
					copyRowsAsm(p1-p0, &src[0], ldb, &dd[0], nr)
					continue
				}
				for p := p0; p < p1; p++ {
					// Through a local, so that the compiler copies with
					// vector moves instead of calling memmove (it cannot
					// prove that the two arrays do not overlap).
					v := *(*[16]float32)(b[(pc+p)*ldb+jc+s*nr+h:])
					*(*[16]float32)(d[p*nr+h:]) = v
				}
			}
		}
		if w > 0 {
			d := dst[full*kb*nr:]
			for p := p0; p < p1; p++ {
				copy(d[p*nr:p*nr+w], b[(pc+p)*ldb+jc+full*nr:][:w])
			}
		}
	}
}
