package lenetc3_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/lenet"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	ex "github.com/cnnbook/cnnbook/exercises/lenet-c3"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed counts with the chapter's PartialConv2D: parameters from the
// analysis, connections as its multiply-accumulates plus one bias per
// output value.
func analyzed(in int, table [][]int, k, side int) (params, connections int, err error) {
	l := lenet.NewPartialConv2D("C3", in, k, table)
	rep, err := nn.Analyze(l, nn.Shape{in, side + k - 1, side + k - 1})
	if err != nil {
		return 0, 0, err
	}
	return int(rep.Params), int(rep.MACs) + len(table)*side*side, nil
}

// randomTable wires out maps to random non-empty subsets of in maps.
func randomTable(rng *rand.Rand, in, out int) [][]int {
	t := make([][]int, out)
	for o := range t {
		for m := range in {
			if rng.IntN(2) == 0 {
				t[o] = append(t[o], m)
			}
		}
		if len(t[o]) == 0 {
			t[o] = []int{rng.IntN(in)}
		}
	}
	return t
}

func check(f func(table [][]int, k, side int) (int, int)) error {
	// LeCun et al. 1998 §II.B: "Layer C3 has 1,516 trainable parameters
	// and 151,600 connections."
	if p, c := f(lenet.C3Table(), 5, 10); p != 1516 || c != 151600 {
		// Table I has 60 (output, input) pairs and 16 output maps.
		why := verify.Teach(p,
			verify.Known{Answer: 60 * 25, Says: "this is the count without the biases: each of the 16 output maps has one"},
			verify.Known{Answer: 16 * (6*25 + 1), Says: "this is a full C3: output map o reads only the maps table[o] lists (Table I), not all 6"})
		return fmt.Errorf("Table I, k=5, 10×10: got %d parameters and %d connections, want 1,516 and 151,600 (LeCun et al. 1998 §II.B)%s", p, c, why)
	}
	full := make([][]int, 16)
	for o := range full {
		full[o] = []int{0, 1, 2, 3, 4, 5}
	}
	type tc struct {
		name    string
		in      int
		table   [][]int
		k, side int
	}
	cases := []tc{{"Table I", 6, lenet.C3Table(), 5, 10}, {"a full C3 (every S2 map)", 6, full, 5, 10}}
	rng := rand.New(rand.NewPCG(1998, 5))
	for i := range 20 {
		in, out := 1+rng.IntN(8), 1+rng.IntN(12)
		cases = append(cases, tc{fmt.Sprintf("random table %d", i), in, randomTable(rng, in, out), 1 + rng.IntN(6), 1 + rng.IntN(12)})
	}
	for _, c := range cases {
		wp, wc, err := analyzed(c.in, c.table, c.k, c.side)
		if err != nil {
			return err
		}
		if gp, gc := f(c.table, c.k, c.side); gp != wp || gc != wc {
			return fmt.Errorf("%s %v, k=%d, side %d: got %d parameters and %d connections, want %d and %d", c.name, c.table, c.k, c.side, gp, gc, wp, wc)
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(table [][]int, k, side int) (int, int)]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(table [][]int, k, side int) (int, int)]{Func: "C3", Yours: ex.C3, Check: check, Ref: ref})
}
