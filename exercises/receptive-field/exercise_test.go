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
			// The two typical mistakes, recomputed here for the message.
			noJump, jumpFirst := 1, 1
			j := 1
			for _, l := range ls {
				noJump += l.K - 1
				jumpFirst += (l.K - 1) * j * l.S
				j *= l.S
			}
			why := verify.Teach(gs,
				verify.Known{Answer: noJump, Says: "this is what adding k−1 without the jump gives: after a stride, neighbouring units of the input are jump pixels apart"},
				verify.Known{Answer: jumpFirst, Says: "this is what updating the jump before the field gives: a layer's window spans its input's gaps, the jump before its own stride"})
			return fmt.Errorf("ReceptiveField(%v): got size %d jump %d, want size %d jump %d%s", ls, gs, gj, ws, wj, why)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func([]ex.Layer) (int, int)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func([]ex.Layer) (int, int)]{Func: "ReceptiveField", Yours: ex.ReceptiveField, Check: check, Ref: ref})
}
