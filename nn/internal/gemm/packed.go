package gemm

import "github.com/cnnbook/cnnbook/nn/internal/par"

// Packed is a matrix op(A), m×k, packed once for many products with
// different B: an inference plan's convolution weights, which Sgemm would
// otherwise repack on every call (on ResNet-50's 7×7 and 14×14 maps, B
// has only 49 or 196 columns, so each packed element of A serves few
// columns and packing A took as long as a third of the kernel's time).
//
// The layout is packA's for the whole of op(A) and each k-panel: panel p
// (rows p·kp … of op(B), kp = k split into equal panels of at most kc as
// in blocked) holds the ceil(m/mr) slivers of all m rows, each kb×mr, one
// after another, so any block of rows that starts on a sliver boundary
// is a contiguous piece of the panel. It is packed for the kernel in use
// (its mr and kc); if another kernel is in use when Mul runs (the tests
// switch kernels), Mul runs Sgemm on the original A instead.
type Packed struct {
	m, k, kp, mp int
	kern         int
	data         []float32
	transA       bool
	a            []float32
	lda          int
}

// Pack packs op(A) (m×k; A stored as in Sgemm) for Mul. It keeps a
// reference to a, which must not change while the Packed is used.
func Pack(transA bool, m, k int, a []float32, lda int) *Packed {
	checkArgs(transA, false, m, 1, k, a, lda, make([]float32, k), 1, make([]float32, m), 1)
	p := &Packed{m: m, k: k, kern: kern, transA: transA, a: a, lda: lda}
	if m == 0 || k == 0 {
		return p
	}
	p.kp = ceilDiv(k, ceilDiv(k, kc))
	p.mp = ceilDiv(m, mr) * mr
	p.data = make([]float32, p.mp*k)
	for pc := 0; pc < k; pc += p.kp {
		kb := min(p.kp, k-pc)
		packA(transA, m, kb, a, lda, 0, pc, p.data[pc*p.mp:pc*p.mp+kb*p.mp])
	}
	return p
}

// Rows and Cols are m and k, the shape of op(A).
func (p *Packed) Rows() int { return p.m }
func (p *Packed) Cols() int { return p.k }

// Epilogue is what Mul does to each element of C after the product,
// while the tile is in registers' reach: C[i][j] += Bias[i] (if Bias is
// not nil), C[i][j] += Add[i·ldc+j] (if Add is not nil: a matrix laid
// out as C, such as a residual block's shortcut), then max(C[i][j], 0)
// if ReLU (NaN stays NaN).
type Epilogue struct {
	Bias []float32
	Add  []float32
	ReLU bool
}

func (e *Epilogue) none() bool { return e.Bias == nil && e.Add == nil && !e.ReLU }

// Mul computes C = op(A)·B with op(A) packed by Pack, B k×n (row stride
// ldb) and C m×n (row stride ldc), overwriting C, then applies ep. It
// panics as Sgemm does on bad arguments, and if ep.Bias has fewer than m
// elements or ep.Add is shorter than C. Large products run in parallel
// on par.Workers() goroutines, as in Sgemm.
func (p *Packed) Mul(n int, b []float32, ldb int, c []float32, ldc int, ep Epilogue) {
	m, k := p.m, p.k
	checkArgs(p.transA, false, m, n, k, p.a, p.lda, b, ldb, c, ldc)
	if ep.Bias != nil && len(ep.Bias) < m {
		panic("gemm: Mul: len(Bias) < m")
	}
	if ep.Add != nil && len(ep.Add) < need(m, n, ldc) {
		panic("gemm: Mul: len(Add) too short")
	}
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || p.kern != kern {
		Sgemm(p.transA, false, m, n, k, 1, p.a, p.lda, b, ldb, 0, c, ldc)
		if !ep.none() {
			epilogueGo(m, n, c, ldc, &ep)
		}
		return
	}
	flops := 2 * float64(m) * float64(n) * float64(k)
	if par.Workers() == 1 || flops < 2*minChunkFlops {
		var e *Epilogue
		if !ep.none() {
			e = &ep
		}
		p.blocked(0, m, n, b, ldb, c, ldc, e)
		return
	}
	p.mulPar(n, b, ldb, c, ldc, ep)
}

// mulPar is Mul on several goroutines, splitting C on tile boundaries. (A function of its own because its closures make ep
// escape: Mul's serial path allocates nothing.)
func (p *Packed) mulPar(n int, b []float32, ldb int, c []float32, ldc int, ep Epilogue) {
	m, k := p.m, p.k
	on := !ep.none()
	// Split the columns when there are enough of them to share out: A is
	// packed already, so each strip packs only its own part of B (a split
	// of the rows would have every strip pack all of B, as sgemm's does
	// for its larger dimension). ResNet's 7×7 and 14×14 maps (49 and 196
	// columns) split their rows instead.
	tilesM, tilesN := ceilDiv(m, mr), ceilDiv(n, nr)
	if tilesN >= 4*par.Workers() || tilesN >= tilesM {
		grain := int(minChunkFlops / (2 * float64(m) * float64(k) * float64(nr)))
		par.For(tilesN, grain, func(lo, hi int) {
			j0, j1 := lo*nr, min(hi*nr, n)
			var es *Epilogue
			if on {
				es = &Epilogue{Bias: ep.Bias, ReLU: ep.ReLU}
				if ep.Add != nil {
					es.Add = ep.Add[j0:]
				}
			}
			p.blocked(0, m, j1-j0, b[j0:], ldb, c[j0:], ldc, es)
		})
		return
	}
	grain := int(minChunkFlops / (2 * float64(n) * float64(k) * float64(mr)))
	par.For(tilesM, grain, func(lo, hi int) {
		i0, i1 := lo*mr, min(hi*mr, m)
		var es *Epilogue
		if on {
			es = &Epilogue{ReLU: ep.ReLU}
			if ep.Bias != nil {
				es.Bias = ep.Bias[i0:]
			}
			if ep.Add != nil {
				es.Add = ep.Add[i0*ldc:]
			}
		}
		p.blocked(i0, i1-i0, n, b, ldb, c[i0*ldc:], ldc, es)
	})
}

// blocked is the serial algorithm (blocked) on rows [i0, i0+rows) of the
// packed A (i0 a multiple of mr), B and C starting at those rows' first
// column; e (nil for none) is applied to each tile after its last
// k-panel, e.Bias and e.Add offset as C is.
func (p *Packed) blocked(i0, rows, n int, b []float32, ldb int, c []float32, ldc int, e *Epilogue) {
	buf := bufPool.Get().(*buffers)
	defer bufPool.Put(buf)
	k, kp := p.k, p.kp
	buf.b = grow(buf.b, kp*min(ceilDiv(n, nr)*nr, nc))
	var eb Epilogue
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kp {
			kb := min(kp, k-pc)
			packB(false, kb, nb, b, ldb, pc, jc, buf.b)
			var bet float32
			if pc > 0 {
				bet = 1
			}
			panel := p.data[pc*p.mp : pc*p.mp+kb*p.mp]
			for ic := 0; ic < rows; ic += mc {
				mb := min(mc, rows-ic)
				var ee *Epilogue
				if e != nil && pc+kb == k {
					eb = Epilogue{ReLU: e.ReLU}
					if e.Bias != nil {
						eb.Bias = e.Bias[ic:]
					}
					if e.Add != nil {
						eb.Add = e.Add[ic*ldc+jc:]
					}
					ee = &eb
				}
				macroEp(mb, nb, kb, 1, panel[(i0+ic)*kb:], buf.b, bet, c[ic*ldc+jc:], ldc, ee)
			}
		}
	}
}

// epilogueGo applies e to the h×w block of C at c (row stride ldc);
// e.Bias[i] is row i's, e.Add is laid out as C.
func epilogueGo(h, w int, c []float32, ldc int, e *Epilogue) {
	for i := range h {
		row := c[i*ldc : i*ldc+w]
		if e.Bias != nil {
			bv := e.Bias[i]
			for j := range row {
				row[j] += bv
			}
		}
		if e.Add != nil {
			for j, v := range e.Add[i*ldc : i*ldc+w] {
				row[j] += v
			}
		}
		if e.ReLU {
			for j, v := range row {
				row[j] = max(v, 0)
			}
		}
	}
}
