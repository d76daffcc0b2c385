package receptivefield_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/receptive-field"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed builds the stack as one-channel convolutions and reads the
// receptive field from nn.Analyze (Araujo et al., Distill 2019).
func analyzed(layers []ex.Layer) (size, jump int, err error) {
	seq := nn.Seq("stack")
	side := 1
	for i, l := range layers {
		seq.Append(nn.NewConv2D(fmt.Sprint(i), 1, 1, l.K, nn.Stride(l.S), nn.Pad(l.P)))
		side *= l.S
	}
	// Big enough for every layer to run: nothing is allocated.
	side = side*64 + 64
	rep, err := nn.Analyze(seq, nn.Shape{1, side, side})
	if err != nil {
		return 0, 0, err
	}
	return rep.RF.Size, rep.RF.Stride, nil
}

func check(f func([]ex.Layer) (int, int)) error {
	cases := [][]ex.Layer{
		{},
		{{11, 4, 0}, {3, 2, 0}},            // AlexNet conv1, pool1
		{{7, 2, 1}, {3, 2, 1}},             // ZFNet conv1, pool1
		{{3, 1, 1}, {3, 1, 1}},             // VGG: two 3×3 see 5×5
		{{3, 1, 1}, {3, 1, 1}, {3, 1, 1}},  // three see 7×7
		{{7, 2, 3}, {3, 2, 1}, {3, 1, 1}},  // ResNet stem, then a 3×3
		{{11, 4, 2}, {3, 2, 0}, {5, 1, 2}}, // torchvision AlexNet to conv2
		{{1, 2, 0}, {1, 2, 0}},             // strided 1×1: jump without growth
	}
	rng := rand.New(rand.NewPCG(2014, 7))
	for range 40 {
		var ls []ex.Layer
		for range 1 + rng.IntN(6) {
			k := 1 + rng.IntN(7)
			ls = append(ls, ex.Layer{K: k, S: 1 + rng.IntN(3), P: rng.IntN(k/2 + 1)})
		}
		cases = append(cases, ls)
	}
	for _, ls := range cases {
		ws, wj, err := analyzed(ls)
		if err != nil {
			return err
		}
		if gs, gj := f(ls); gs != ws || gj != wj {
			return fmt.Errorf("ReceptiveField(%v): got size %d jump %d, want size %d jump %d", ls, gs, gj, ws, wj)
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "ReceptiveField", func() error { return check(ex.ReceptiveField) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "adding kernels without the jump", func() error {
		return check(func(ls []ex.Layer) (int, int) {
			size, jump := 1, 1
			for _, l := range ls {
				size += l.K - 1
				jump *= l.S
			}
			return size, jump
		})
	})
	verify.Rejects(t, "multiplying by the stride before widening", func() error {
		return check(func(ls []ex.Layer) (int, int) {
			size, jump := 1, 1
			for _, l := range ls {
				jump *= l.S
				size += (l.K - 1) * jump
			}
			return size, jump
		})
	})
}
