package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// Shape is the shape of one sample, without the batch axis: (C, H, W) for
// feature maps, (F) for vectors. A Tensor's shape is (N, Shape...).
type Shape []int

// Elems is the number of elements in one sample of this shape.
func (s Shape) Elems() int64 {
	n := int64(1)
	for _, d := range s {
		n *= int64(d)
	}
	return n
}

// String renders the shape as "64×56×56".
func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "×")
}

// Equal reports whether the two shapes are identical.
func (s Shape) Equal(t Shape) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range s {
		if s[i] != t[i] {
			return false
		}
	}
	return true
}

// ParseShape reads a feature-map shape written "C,H,W" (`book summary
// -input`, the book's summary directive).
func ParseShape(s string) (Shape, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%q: want C,H,W", s)
	}
	out := make(Shape, 0, 3)
	for _, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q: %q is not a positive integer", s, p)
		}
		out = append(out, v)
	}
	return out, nil
}

// CHW returns the three axes of a feature-map shape.
func (s Shape) CHW() (c, h, w int) { return s[0], s[1], s[2] }

// Tensor is a dense float32 array in row-major order. Feature maps are NCHW:
// element (n, c, h, w) lives at Data[((n·C + c)·H + h)·W + w].
type Tensor struct {
	Shape []int // (N, C, H, W) or (N, F)
	Data  []float32
}

// NewTensor returns a zero tensor of the given shape.
func NewTensor(shape ...int) *Tensor {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic("nn: negative tensor dimension")
		}
		n *= d
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: make([]float32, n)}
}

// FromData wraps data (not copied) in a tensor of the given shape.
func FromData(data []float32, shape ...int) *Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(data) {
		panic(fmt.Sprintf("nn: FromData: shape %v needs %d elements, got %d", shape, n, len(data)))
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: data}
}

// N is the batch size.
func (t *Tensor) N() int { return t.Shape[0] }

// Sample returns the per-sample shape (without the batch axis).
func (t *Tensor) Sample() Shape { return Shape(t.Shape[1:]) }

// Len is the number of elements.
func (t *Tensor) Len() int { return len(t.Data) }

// Clone returns a deep copy.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{Shape: append([]int(nil), t.Shape...), Data: append([]float32(nil), t.Data...)}
}

// ZerosLike returns a zero tensor of t's shape.
func ZerosLike(t *Tensor) *Tensor { return NewTensor(t.Shape...) }

// Reshape returns a tensor sharing t's data with a new shape of the same size.
func (t *Tensor) Reshape(shape ...int) *Tensor { return FromData(t.Data, shape...) }

// MaxAbs is max |t_i|.
func (t *Tensor) MaxAbs() float32 {
	var m float32
	for _, v := range t.Data {
		if v < 0 {
			v = -v
		}
		if v > m {
			m = v
		}
	}
	return m
}
