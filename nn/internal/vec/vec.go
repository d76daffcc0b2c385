// Package vec holds the element-wise loops of a training step (ReLU
// masks, bias and BatchNorm affine maps, the sums of BatchNorm's
// statistics and of bias gradients, col2im's additions) in AVX2+FMA
// assembly beside plain Go versions of the same arithmetic.
//
// Go does not vectorise loops, and these run over every activation of
// every layer: in a ResNet-20 training step (batch 128) they were about
// 40% of the time before they moved here (BenchmarkTrainStep/resnet20's
// profile, 3 Dec 2026). Each exported function checks its arguments,
// runs the assembly on the whole multiples of 8 floats where the CPU has
// AVX2 and FMA (golang.org/x/sys/cpu; never under -tags purego or
// CNNBOOK_GEMM=generic), and the plain Go version (generic.go) on the
// rest. The tests run both on the same inputs (vec_test.go).
//
// Sums are accumulated in float64, as nn's layers do, so that a
// 65,536-value BatchNorm channel (ResNet-20's first stage at batch 64)
// loses no more than a float64 sum would.
package vec

import "fmt"

// same panics unless the lengths are equal (c < 0: only a and b).
func same(name string, a, b, c int) {
	if a != b || (c >= 0 && a != c) {
		lengthPanic(name, a, b, c)
	}
}

//go:noinline
func lengthPanic(name string, a, b, c int) {
	panic(fmt.Sprintf("vec: %s: slices of lengths %d, %d (and %d), want equal", name, a, b, c))
}

// Sum64 returns Σ x[i] in float64.
func Sum64(x []float32) float64 {
	n := whole(len(x))
	var s float64
	if n > 0 {
		s = sum64Asm(&x[0], n)
	}
	return s + sum64Go(x[n:])
}

// SqDev64 returns Σ (x[i] − mean)² in float64.
func SqDev64(x []float32, mean float64) float64 {
	n := whole(len(x))
	var s float64
	if n > 0 {
		s = sqDev64Asm(&x[0], n, mean)
	}
	return s + sqDev64Go(x[n:], mean)
}

// SumDot64 returns Σ a[i] and Σ a[i]·b[i] in float64.
func SumDot64(a, b []float32) (sa, sab float64) {
	same("SumDot64", len(a), len(b), -1)
	n := whole(len(a))
	if n > 0 {
		sa, sab = sumDot64Asm(&a[0], &b[0], n)
	}
	ta, tab := sumDot64Go(a[n:], b[n:])
	return sa + ta, sab + tab
}

// Norm sets dst[i] = (x[i] − sub)·mul + add, then max(·, 0) if relu
// (a NaN stays NaN). dst and x may be the same slice.
func Norm(dst, x []float32, sub, mul, add float32, relu bool) {
	same("Norm", len(dst), len(x), -1)
	n := whole(len(x))
	if n > 0 {
		normAsm(&dst[0], &x[0], n, sub, mul, add, relu)
	}
	normGo(dst[n:], x[n:], sub, mul, add, relu)
}

// ReLUMask sets dy[i] = 0 where y[i] <= 0: the backward pass of a ReLU
// whose output is y (a NaN output passes its gradient, as in nn).
func ReLUMask(dy, y []float32) {
	same("ReLUMask", len(dy), len(y), -1)
	n := whole(len(y))
	if n > 0 {
		reluMaskAsm(&dy[0], &y[0], n)
	}
	reluMaskGo(dy[n:], y[n:])
}

// MaskSum64 sets dst[i] = src[i], or 0 where relu and y[i] <= 0, and
// returns Σ dst[i] in float64: a fused ReLU's backward pass and the
// bias gradient in one pass.
func MaskSum64(dst, src, y []float32, relu bool) float64 {
	same("MaskSum64", len(dst), len(src), -1)
	if relu {
		same("MaskSum64", len(dst), len(y), -1)
	}
	n := whole(len(src))
	var s float64
	if n > 0 {
		yp := &src[0] // not read when !relu
		if relu {
			yp = &y[0]
		}
		s = maskSum64Asm(&dst[0], &src[0], yp, n, relu)
	}
	var yt []float32
	if relu {
		yt = y[n:]
	}
	return s + maskSum64Go(dst[n:], src[n:], yt, relu)
}

// Add sets dst[i] += src[i].
func Add(dst, src []float32) {
	same("Add", len(dst), len(src), -1)
	n := whole(len(src))
	if n > 0 {
		addAsm(&dst[0], &src[0], n)
	}
	addGo(dst[n:], src[n:])
}

// AddScaled sets dst[i] = s[i] + scale·b[i], then max(·, 0) if relu: a
// residual block's output. dst may be s or b.
func AddScaled(dst, s, b []float32, scale float32, relu bool) {
	same("AddScaled", len(dst), len(s), len(b))
	n := whole(len(s))
	if n > 0 {
		addScaledAsm(&dst[0], &s[0], &b[0], n, scale, relu)
	}
	addScaledGo(dst[n:], s[n:], b[n:], scale, relu)
}

// BNBackward sets dx[i] = k·dy[i] + a + b·(x[i] − mu): BatchNorm's
// input gradient γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)) from x itself, with
// mu = μ, k = γ/σ, a = −k·mean(dy) and b = −k·mean(dy·x̂)/σ. x − μ is
// taken first, exactly where x is near μ (Sterbenz): expanding b·(x − μ)
// into b·x − b·μ instead loses the digits of x̂ when |μ| ≫ σ.
func BNBackward(dx, dy, x []float32, k, a, b, mu float32) {
	same("BNBackward", len(dx), len(dy), len(x))
	n := whole(len(dy))
	if n > 0 {
		bnBackwardAsm(&dx[0], &dy[0], &x[0], n, k, a, b, mu)
	}
	bnBackwardGo(dx[n:], dy[n:], x[n:], k, a, b, mu)
}

// tailMask[8−r:16−r] selects the first r lanes of a vector, and
// tailMask[16+r−8:16+r] (that is from 8+r) the last r.
var tailMask = [24]int32{-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1}

// mask2D is the lane mask copy2DAsm and add2DAsm want for rows of cols:
// the first cols lanes of a row under 8, else the last cols%8.
func mask2D(cols int) *int32 {
	if cols < 8 {
		return &tailMask[8-cols]
	}
	return &tailMask[8+cols%8]
}

// check2D panics unless x (argument arg of name) holds rows rows of
// cols floats, ld apart.
func check2D(name, arg string, x []float32, ld, rows, cols int) {
	if rows < 0 || cols < 0 || ld < cols || (rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols) {
		panic2D(name, arg, len(x), ld, rows, cols)
	}
}

//go:noinline
func panic2D(name, arg string, n, ld, rows, cols int) {
	panic(fmt.Sprintf("vec: %s %s: %d rows of %d floats, %d apart, do not fit in %d", name, arg, rows, cols, ld, n))
}

// Copy2D copies rows rows of cols floats from src (row stride lds) to
// dst (row stride ldd): im2col's inner loop, one call per kernel tap
// instead of one copy per output row (rows of 10 to 32 floats in LeNet
// and CIFAR nets, where each copy call cost as much as its copying).
//
// Copy2D and Add2D call their assembly directly, not through one helper
// taking it as a function value: through a function value the compiler
// cannot see that the pointers do not escape, and conv's padded plane,
// a stack array, moved to the heap (16 KiB allocated per call,
// TestPlanAllocs).
func Copy2D(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	check2D("Copy2D", "dst", dst, ldd, rows, cols)
	check2D("Copy2D", "src", src, lds, rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	if useAsm {
		copy2DAsm(&dst[0], ldd, &src[0], lds, rows, cols, mask2D(cols))
		return
	}
	for r := range rows {
		copy(dst[r*ldd:r*ldd+cols], src[r*lds:r*lds+cols])
	}
}

// Add2D adds rows rows of cols floats of src (row stride lds) to dst
// (row stride ldd): col2im's inner loop.
func Add2D(dst []float32, ldd int, src []float32, lds, rows, cols int) {
	check2D("Add2D", "dst", dst, ldd, rows, cols)
	check2D("Add2D", "src", src, lds, rows, cols)
	if rows == 0 || cols == 0 {
		return
	}
	if useAsm {
		add2DAsm(&dst[0], ldd, &src[0], lds, rows, cols, mask2D(cols))
		return
	}
	for r := range rows {
		addGo(dst[r*ldd:r*ldd+cols], src[r*lds:r*lds+cols])
	}
}

// MaxPool2x2Row is one output row of a 2×2, stride-2 max-pool with
// switches: x is input row 2i of a plane (row 2i+1 at x[w:]), w the
// plane's width, and for j < len(y) the window x[2j], x[2j+1], x[w+2j],
// x[w+2j+1] gives y[j], its maximum, and sw[j] = base + the maximum's
// offset from x[0] (base is x[0]'s index in the plane). The four values
// are compared in that order with nn's max-pool rule: a larger value or
// a NaN takes over, so the first of equal maxima and the last NaN win.
func MaxPool2x2Row(y []float32, sw []int32, x []float32, w, base int) {
	n := len(y)
	if len(sw) != n || w < 2*n || len(x) < w+2*n {
		panic(fmt.Sprintf("vec: MaxPool2x2Row: %d outputs, %d switches, rows of %d in %d floats", n, len(sw), w, len(x)))
	}
	k := whole(n)
	switch {
	case k == n:
		if k > 0 {
			maxPool2x2Asm(&y[0], &sw[0], &x[0], w, k, base, &poolLanes)
		}
	case k > 0:
		// The tail as one more step of 8 over the last 8 outputs
		// (rewriting some with the same values).
		maxPool2x2Asm(&y[0], &sw[0], &x[0], w, k, base, &poolLanes)
		j := n - 8
		maxPool2x2Asm(&y[j], &sw[j], &x[2*j], w, 8, base+2*j, &poolLanes)
	case useAsm:
		// A row of fewer than 8 outputs (LeNet's S4 has 5): copied into
		// two padded rows of 16 for one step; the switches mapped back
		// from the copy's row stride (16) to w.
		var buf [32]float32
		var yb [8]float32
		var sb [8]int32
		copy(buf[:2*n], x[:2*n])
		copy(buf[16:16+2*n], x[w:w+2*n])
		maxPool2x2Asm(&yb[0], &sb[0], &buf[0], 16, 8, 0, &poolLanes)
		copy(y, yb[:n])
		for j := range sw {
			s := int(sb[j])
			sw[j] = int32(base + (s>>4)*w + s&15)
		}
	default:
		maxPool2x2Go(y, sw, x, w, base, 0)
	}
}

// poolLanes holds maxPool2x2Asm's constants: each lane's offset 2j in
// a step of 8 outputs, a vector of 1s and the step, 16 floats.
var poolLanes = [24]int32{0, 2, 4, 6, 8, 10, 12, 14, 1, 1, 1, 1, 1, 1, 1, 1, 16, 16, 16, 16, 16, 16, 16, 16}

// DotNT adds A·Bᵀ to C: c[i·ldc+j] += Σ_p a[i·lda+p]·b[j·ldb+p] for
// i < m, j < n, p < k. It is a convolution's weight gradient
// dW += dY·colᵀ, where both operands' rows are contiguous along the long
// dimension (the pixels of a chunk of images): each element is a dot
// product of two contiguous rows, computed 4 rows × 3 columns at a time
// with 12 vector accumulators (dot4x3Asm) and no packing. Through Sgemm
// the same product transposed both operands into its packed layout in
// scalar loops, which cost more than the multiply-adds when m is
// LeNet's 6 or 16 (BenchmarkLeNet5TrainStep's profile, 3 Dec 2026).
// Accumulation is in float32, as in Sgemm.
func DotNT(c []float32, ldc int, a []float32, lda int, b []float32, ldb int, m, n, k int) {
	check2D("DotNT", "a", a, lda, m, k)
	check2D("DotNT", "b", b, ldb, n, k)
	check2D("DotNT", "c", c, ldc, m, n)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	k8 := whole(k)
	var out [12]float32
	for i0 := 0; i0 < m; i0 += 4 {
		// Rows past m (and columns past n below) repeat the last one;
		// their results are dropped.
		ar := func(r int) int { return min(i0+r, m-1) * lda }
		for j0 := 0; j0 < n; j0 += 3 {
			br := func(s int) int { return min(j0+s, n-1) * ldb }
			if k8 > 0 {
				dot4x3Asm(&a[ar(0)], &a[ar(1)], &a[ar(2)], &a[ar(3)], &b[br(0)], &b[br(1)], &b[br(2)], k8, &out)
			}
			for r := range min(4, m-i0) {
				for s := range min(3, n-j0) {
					var t float32
					if k8 > 0 {
						t = out[r*3+s]
					}
					t += dotGo(a[ar(r)+k8:ar(r)+k], b[br(s)+k8:br(s)+k])
					c[(i0+r)*ldc+j0+s] += t
				}
			}
		}
	}
}

// SGDMomentum is one step of SGD with momentum (PyTorch's rule, as
// nn.SGD): d = g + wd·w, b = mu·b + d, w −= lr·b. The assembly rounds
// after every operation, as the Go loop does (no fused multiply-add), so
// both give the same bits.
func SGDMomentum(w, g, b []float32, lr, mu, wd float32) {
	same("SGDMomentum", len(w), len(g), len(b))
	n := whole(len(w))
	if n > 0 {
		sgdAsm(&w[0], &g[0], &b[0], n, lr, mu, wd)
	}
	sgdGo(w[n:], g[n:], b[n:], lr, mu, wd)
}
