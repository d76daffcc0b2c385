package mnist

import (
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHoldout(t *testing.T) {
	train, err := Load(Train)
	require.NoError(t, err)
	fit, val, err := Holdout(train)
	require.NoError(t, err)
	assert.Len(t, fit, TrainCount-ValidationSize)
	assert.Len(t, val, ValidationSize)
	assert.Equal(t, 0, fit[0])
	assert.Equal(t, TrainCount-ValidationSize, val[0])
	assert.Equal(t, TrainCount-1, val[len(val)-1])
	t.Logf("train on %d images (0…%d), validate on %d (%d…%d)", len(fit), fit[len(fit)-1], len(val), val[0], val[len(val)-1])

	_, _, err = Holdout(&Set{Name: "tiny", N: 10})
	assert.ErrorContains(t, err, "tiny has 10 images, too few to hold out 5000")
}

func TestShuffleBatches(t *testing.T) {
	idx := Range(0, 10)
	a := Shuffle(idx, nn.NewRNG(1))
	b := Shuffle(idx, nn.NewRNG(1))
	c := Shuffle(idx, nn.NewRNG(2))
	assert.Equal(t, a, b, "same seed, same order")
	assert.NotEqual(t, a, c, "another seed, another order")
	assert.Equal(t, Range(0, 10), idx, "Shuffle copies")
	sorted := slices.Clone(a)
	slices.Sort(sorted)
	assert.Equal(t, idx, sorted, "a permutation")

	bs := Batches(a, 4)
	require.Len(t, bs, 3)
	assert.Equal(t, []int{4, 4, 2}, []int{len(bs[0]), len(bs[1]), len(bs[2])})
	assert.Equal(t, a, slices.Concat(bs...))
}

// TestBatchAugment compares the fast shifted batch with an obviously
// correct one: a shift moves each pixel, one at a time.
func TestBatchAugment(t *testing.T) {
	s, err := Load(Test)
	require.NoError(t, err)
	idx := []int{0, 1, 2, 3, 4, 5, 6, 7}
	f := Format{Pad: 2, Scaling: Standard}
	a := Augment{MaxShift: 2}

	x, labels := s.BatchAugment(idx, f, a, nn.NewRNG(7))
	plain, want := s.BatchFormat(idx, f)
	assert.Equal(t, want, labels)

	rng := nn.NewRNG(7)
	side := f.Side()
	tab := f.table()
	moved := 0
	for n, i := range idx {
		dy, dx := rng.IntN(5)-2, rng.IntN(5)-2
		if dy != 0 || dx != 0 {
			moved++
		}
		for y := range side {
			for xx := range side {
				r, c := y-f.Pad-dy, xx-f.Pad-dx
				v := tab[0]
				if r >= 0 && r < Rows && c >= 0 && c < Cols {
					v = tab[s.Image(i)[r*Cols+c]]
				}
				require.Equal(t, v, x.Data[(n*side+y)*side+xx], "image %d shifted (%d,%d) at (%d,%d)", i, dy, dx, y, xx)
			}
		}
	}
	assert.Positive(t, moved, "some image moved")
	assert.NotEqual(t, plain.Data, x.Data)

	same, _ := s.BatchAugment(idx, f, Augment{}, nn.NewRNG(7))
	assert.Equal(t, plain.Data, same.Data, "no augmentation, no change")
}
