// Package dwconv is the direct depthwise 3×3 convolution of the nn
// package's inference plans (MobileNet's depthwise layers): one input
// plane to one output plane, padding 1, stride 1 or 2, with a bias (a
// folded BatchNorm) and an optional ReLU fused into the output loop.
//
// A depthwise layer has an inner dimension of only 9 per output, too thin
// for GEMM to pay for its packing, and the obvious loops (one saxpy per
// tap and row, nn/conv_depthwise.go) run scalar: the Go compiler does not
// vectorise. Conv3x3 instead copies the plane once into a zero-padded
// buffer (for stride 2 each padded row is split into its even and odd
// columns, so that every tap reads consecutive floats; with AVX-512 two
// VPERMT2PS split 32 floats at a time, deint512Asm), after which every
// output row is the same branch-free loop over the nine taps:
//
//	y[j] = b + Σ_{u,v} w[3u+v] · row_u[tap_v + j]
//
// with row_u the padded row s·i+u and tap_v = v (stride 1) or 0, E, 1
// (stride 2: the even half, the odd half at E, the even half one on).
// That loop has three implementations, chosen with the GEMM kernel
// (gemm.KernelName: CNNBOOK_GEMM, the purego tag and the CPU steer both
// alike, so TestEveryKernel and the book's kernel tests cover these too):
//
//   - row512Asm (row_amd64.s), AVX-512F: 16 outputs per step, the nine
//     FMAs read their input straight from memory, in three independent
//     chains (one per input row) summed at the end;
//   - row256Asm, the same with AVX2+FMA, 8 outputs per step;
//   - rowGeneric, portable Go, one output at a time.
//
// The assembly rows compute whole vectors, so they may write up to a
// vector past a row's end: into the next row, which is written after it,
// and for a plane's last row into a scratch row copied back. Reads past
// a row's end stay inside the buffer (BufLen leaves room) and only feed
// lanes that are discarded.
package dwconv

import "github.com/cnnbook/cnnbook/nn/internal/gemm"

// Row kernels, as gemm.KernelName names them.
const (
	kGeneric = iota
	kAVX2
	kAVX512
)

// kernelOf maps gemm's kernel to this package's: the assembly rows run
// exactly where gemm's assembly kernels do (same CPU checks, same
// CNNBOOK_GEMM and purego overrides).
func kernelOf(name string) int {
	switch name {
	case "avx512":
		return kAVX512
	case "avx2":
		return kAVX2
	}
	return kGeneric
}

// vec is the number of floats a row kernel computes per step.
var vec = [...]int{kGeneric: 1, kAVX2: 8, kAVX512: 16}

// slack is the room (in floats) BufLen leaves past the padded rows and
// around the scratch row: a vector of the widest kernel, twice.
const slack = 32

// OutSize is the output size of a 3×3 convolution with padding 1 and
// stride s along a dimension of n: (n + 2 − 3)/s + 1.
func OutSize(n, s int) int { return (n-1)/s + 1 }

// BufLen is the length of the scratch buffer Conv3x3 needs for an h×w
// plane: h+3 padded rows of w+2 (the top and bottom padding and one row
// for over-reads), slack, and a scratch output row.
func BufLen(h, w int) int {
	return (h+3)*(w+2) + slack + w + slack
}

// Conv3x3 computes one output plane of a depthwise 3×3 convolution with
// padding 1 and stride s (1 or 2) from the h×w plane x:
//
//	y[i,j] = b + Σ_{u,v<3} k[3u+v] · x[s·i−1+u, s·j−1+v]   (x is 0 outside)
//
// then y[i,j] = max(y[i,j], 0) if relu (NaN stays NaN). y holds
// OutSize(h,s)×OutSize(w,s) floats and is overwritten; buf is scratch of
// at least BufLen(h, w). It panics if a slice is too short or s is not 1
// or 2.
func Conv3x3(s int, x []float32, h, w int, k *[9]float32, b float32, relu bool, y, buf []float32) {
	conv3x3(kernelOf(gemm.KernelName()), s, x, h, w, k, b, relu, y, buf)
}

func conv3x3(kern, s int, x []float32, h, w int, k *[9]float32, b float32, relu bool, y, buf []float32) {
	if s != 1 && s != 2 {
		panic("dwconv: stride must be 1 or 2")
	}
	oh, ow := OutSize(h, s), OutSize(w, s)
	if len(x) < h*w || len(y) < oh*ow || len(buf) < BufLen(h, w) {
		panic("dwconv: short slice")
	}
	r := w + 2 // padded row length
	pad := buf[:(h+3)*r+slack]
	ne := (r + 1) / 2 // stride 2: the even half of a padded row
	if s == 1 {
		clear(pad[:r])
		for i := range h {
			row := pad[(i+1)*r : (i+2)*r]
			row[0] = 0
			copy(row[1:], x[i*w:(i+1)*w])
			row[w+1] = 0
		}
	} else {
		clear(pad[:r])
		for i := range h {
			row := pad[(i+1)*r : (i+2)*r]
			ev, od := row[:ne], row[ne:]
			xr := x[i*w : (i+1)*w]
			// Padded column c holds x column c−1: even c = 2m is x[2m−1],
			// odd c = 2m+1 is x[2m]; columns 0 and w+1 are zero.
			ev[0] = 0
			m := 0
			if kern == kAVX512 && w >= 32 {
				// The bulk 16 pairs at a time: x[2m] → od[m], x[2m+1] → ev[m+1].
				n := w / 32
				_, _, _ = ev[16*n], od[16*n-1], xr[32*n-1] // what it writes and reads
				deint512Asm(&ev[1], &od[0], &xr[0], n)
				m = 16 * n
			}
			for ; 2*m+1 < w; m++ {
				od[m], ev[m+1] = xr[2*m], xr[2*m+1]
			}
			if 2*m < w { // w odd: its last column
				od[m] = xr[2*m]
				m++
				clear(ev[m:])
			} else {
				clear(ev[m+1:])
			}
			clear(od[m:])
		}
	}
	clear(pad[(h+1)*r:]) // the bottom padding and the over-read room
	var taps [3]int
	if s == 1 {
		taps = [3]int{0, 1, 2}
	} else {
		taps = [3]int{0, ne, 1}
	}
	var kb [10]float32
	copy(kb[:], k[:])
	kb[9] = b
	v := vec[kern]
	n := (ow + v - 1) / v // vectors per row
	tmp := buf[len(pad) : len(pad)+n*v]
	for i := range oh {
		src := pad[s*i*r:]
		dst := y[i*ow : (i+1)*ow]
		// The last rows whose whole vectors would run past the plane
		// write to the scratch row instead.
		last := i*ow+n*v > oh*ow
		if last {
			dst = tmp
		}
		switch kern {
		case kAVX512:
			row512Asm(&dst[0], &src[0], &taps, r, &kb, n, relu)
		case kAVX2:
			row256Asm(&dst[0], &src[0], &taps, r, &kb, n, relu)
		default:
			rowGeneric(dst[:ow], src, &taps, r, &kb, relu)
		}
		if last {
			copy(y[i*ow:(i+1)*ow], tmp)
		}
	}
}

// rowGeneric is one output row in portable Go: y[j] = b + Σ_{u,v}
// k[3u+v]·src[u·r + taps[v] + j], ReLU'd if relu.
func rowGeneric(y, src []float32, taps *[3]int, r int, k *[10]float32, relu bool) {
	r0, r1, r2 := src, src[r:], src[2*r:]
	t0, t1, t2 := taps[0], taps[1], taps[2]
	for j := range y {
		a := k[9] + k[0]*r0[t0+j] + k[1]*r0[t1+j] + k[2]*r0[t2+j]
		a += k[3]*r1[t0+j] + k[4]*r1[t1+j] + k[5]*r1[t2+j]
		a += k[6]*r2[t0+j] + k[7]*r2[t1+j] + k[8]*r2[t2+j]
		if relu {
			a = max(a, 0)
		}
		y[j] = a
	}
}
