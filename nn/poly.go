package nn

import "math/big"

// Poly is a polynomial with big-integer coefficients: p[i] is the
// coefficient of x^i. It counts paths by length: multiplying by x is
// passing through one weighted layer, adding is joining branches. Big
// integers because n residual blocks give 2^n paths (2^600 in ResNet-1202).
// Coefficients are never mutated in place.
type Poly []*big.Int

// PolyOne is the polynomial 1: one path of length 0.
func PolyOne() Poly { return Poly{big.NewInt(1)} }

// Shift multiplies p by x^k.
func (p Poly) Shift(k int) Poly {
	out := make(Poly, len(p)+k)
	for i := 0; i < k; i++ {
		out[i] = new(big.Int)
	}
	copy(out[k:], p)
	return out
}

// Add returns p + q.
func (p Poly) Add(q Poly) Poly {
	n := max(len(p), len(q))
	out := make(Poly, n)
	for i := range out {
		switch {
		case i < len(p) && i < len(q):
			out[i] = new(big.Int).Add(p[i], q[i])
		case i < len(p):
			out[i] = p[i]
		default:
			out[i] = q[i]
		}
	}
	return out
}

// Count is p(1): the total number of paths.
func (p Poly) Count() *big.Int {
	s := new(big.Int)
	for _, c := range p {
		s.Add(s, c)
	}
	return s
}

// Lengths returns the non-zero coefficients as length → count.
func (p Poly) Lengths() map[int]*big.Int {
	m := map[int]*big.Int{}
	for i, c := range p {
		if c.Sign() != 0 {
			m[i] = c
		}
	}
	return m
}
