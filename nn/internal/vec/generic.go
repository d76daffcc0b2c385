package vec

// The plain Go versions: the reference the assembly is tested against,
// and what runs on the tails and on CPUs without AVX2.

func sum64Go(x []float32) float64 {
	var s float64
	for _, v := range x {
		s += float64(v)
	}
	return s
}

func sqDev64Go(x []float32, mean float64) float64 {
	var s float64
	for _, v := range x {
		d := float64(v) - mean
		s += d * d
	}
	return s
}

func sumDot64Go(a, b []float32) (sa, sab float64) {
	b = b[:len(a)]
	for i, v := range a {
		sa += float64(v)
		sab += float64(v) * float64(b[i])
	}
	return sa, sab
}

func normGo(dst, x []float32, sub, mul, add float32, relu bool) {
	dst = dst[:len(x)]
	for i, v := range x {
		r := (v-sub)*mul + add
		if relu {
			r = max(r, 0)
		}
		dst[i] = r
	}
}

func reluMaskGo(dy, y []float32) {
	dy = dy[:len(y)]
	for i, v := range y {
		if v <= 0 {
			dy[i] = 0
		}
	}
}

func maskSum64Go(dst, src, y []float32, relu bool) float64 {
	dst = dst[:len(src)]
	var s float64
	for i, g := range src {
		if relu && y[i] <= 0 {
			g = 0
		}
		dst[i] = g
		s += float64(g)
	}
	return s
}

func addGo(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += v
	}
}

func addScaledGo(dst, s, b []float32, scale float32, relu bool) {
	dst, b = dst[:len(s)], b[:len(s)]
	for i, v := range s {
		r := v + scale*b[i]
		if relu {
			r = max(r, 0)
		}
		dst[i] = r
	}
}

func bnBackwardGo(dx, dy, x []float32, k, a, b, mu float32) {
	dx, x = dx[:len(dy)], x[:len(dy)]
	for i, g := range dy {
		dx[i] = k*g + a + b*(x[i]-mu)
	}
}

// maxPool2x2Go is MaxPool2x2Row for outputs j0 … j0+len(y)−1 of the
// row, written at y[0:] and sw[0:].
func maxPool2x2Go(y []float32, sw []int32, x []float32, w, base, j0 int) {
	for jj := range y {
		j := j0 + jj
		at := 2 * j
		best, arg := x[at], at
		if v := x[at+1]; v > best || v != v {
			best, arg = v, at+1
		}
		if v := x[w+at]; v > best || v != v {
			best, arg = v, w+at
		}
		if v := x[w+at+1]; v > best || v != v {
			best, arg = v, w+at+1
		}
		y[jj], sw[jj] = best, int32(base+arg)
	}
}

func dotGo(a, b []float32) float32 {
	b = b[:len(a)]
	var s float32
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func sgdGo(w, g, b []float32, lr, mu, wd float32) {
	g, b = g[:len(w)], b[:len(w)]
	for j := range w {
		d := g[j] + wd*w[j]
		b[j] = mu*b[j] + d
		w[j] -= lr * b[j]
	}
}
