package live

import (
	"math"
	"testing"
)

// drawn is a committed test digit as a reader might draw it: scaled by
// k (nearest neighbour) into a w×w pad at (x0, y0).
func drawn(px []uint8, k, x0, y0, w int) []uint8 {
	ink := make([]uint8, w*w)
	for y := 0; y < Field*k; y++ {
		for x := 0; x < Field*k; x++ {
			ink[(y+y0)*w+x+x0] = px[(y/k)*Field+x/k]
		}
	}
	return ink
}

// TestPreprocess: whatever the size and place of a drawing, the digit
// comes out as MNIST's are: its longer side 20 pixels, its centre of
// mass within half a pixel of the field's centre (14, 14), and read as
// the same class as the test digit it was drawn from (all but one: test
// digit 18, a 3 the network gives only 57 %, comes out of MNIST's
// normalisation a second time slightly thinner and is read as an 8).
func TestPreprocess(t *testing.T) {
	n := loadNet(t)
	if _, ok := Preprocess(make([]uint8, 50*50), 50, 50); ok {
		t.Errorf("a blank pad: got ok, want no ink")
	}
	cases := []struct{ k, x0, y0, w int }{
		{10, 0, 0, 280},  // the pad's size
		{3, 5, 150, 280}, // small, in a corner
		{7, 80, 10, 280}, // large, off centre
		{1, 0, 0, 28},    // the digit itself
	}
	misread := map[int]bool{}
	for _, d := range Digits() {
		want := Argmax(n.Reference(Input(d.Pixels)).Probs)
		for _, c := range cases {
			img, ok := Preprocess(drawn(d.Pixels, c.k, c.x0, c.y0, c.w), c.w, c.w)
			if !ok {
				t.Fatalf("digit %d ×%d: no ink found", d.Index, c.k)
			}
			x0, y0, x1, y1 := Field, Field, -1, -1
			var m, mx, my float64
			for i, v := range img {
				if v == 0 {
					continue
				}
				x, y := i%Field, i/Field
				x0, x1, y0, y1 = min(x0, x), max(x1, x), min(y0, y), max(y1, y)
				m += float64(v)
				mx += float64(v) * (float64(x) + 0.5)
				my += float64(v) * (float64(y) + 0.5)
			}
			side := max(x1-x0+1, y1-y0+1)
			cx, cy := mx/m, my/m
			if side < Box-1 || side > Box {
				t.Errorf("digit %d drawn ×%d at (%d, %d): box side %d, want %d (the box filter may leave the last row empty: %d)", d.Index, c.k, c.x0, c.y0, side, Box, Box-1)
			}
			// The centre moves by whole pixels, unless the box would leave the field.
			if math.Abs(cx-14) > 0.5+1e-9 && x0 > 0 && x1 < Field-1 || math.Abs(cy-14) > 0.5+1e-9 && y0 > 0 && y1 < Field-1 {
				t.Errorf("digit %d drawn ×%d at (%d, %d): centre of mass (%.2f, %.2f), want within ½ pixel of (14, 14)", d.Index, c.k, c.x0, c.y0, cx, cy)
			}
			if got := Argmax(n.Reference(Input(img)).Probs); got != want {
				misread[d.Index] = true
				t.Logf("digit %d (a %d) drawn ×%d at (%d, %d): read as %d, the test digit itself as %d", d.Index, d.Label, c.k, c.x0, c.y0, got, want)
			}
		}
	}
	if len(misread) > 1 {
		t.Errorf("%d test digits read differently once drawn (%v), want at most one", len(misread), misread)
	}
}
