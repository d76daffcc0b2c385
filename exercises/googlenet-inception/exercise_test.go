package googlenetinception_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/googlenet"
	ex "github.com/cnnbook/cnnbook/exercises/googlenet-inception"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

var input = nn.Shape{192, 28, 28}

// reference is chapters/googlenet's Inception block with Table 1's (3a) columns,
// in the paper's form (biases, ReLU, a 5×5 branch).
func reference() nn.Module {
	return googlenet.Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, googlenet.InceptionOpts{})
}

// convLayout lists, sorted, the kernel side and width of every convolution.
func convLayout(m nn.Module) []string {
	var out []string
	nn.Walk(m, func(_ string, l nn.Module) {
		if c, ok := l.(*nn.Conv2D); ok {
			out = append(out, fmt.Sprintf("%d×%d→%d", c.KH, c.KW, c.Out))
		}
	})
	slices.Sort(out)
	return out
}

func check(build func() nn.Module) error {
	m := build()
	if m == nil {
		return errors.New("Inception3a returned nil")
	}
	got, err := nn.Analyze(m, input)
	if err != nil {
		return err
	}
	want, err := nn.Analyze(reference(), input)
	if err != nil {
		return err
	}
	if !got.Output.Equal(want.Output) {
		why := verify.Teach(got.Output[0], verify.Known{Answer: 64 + 128 + 32 + 192, Says: "this is the naive module: the pool branch passes all 192 channels on; a 1×1 \"pool proj\" to 32 maps follows the pool, and 1×1 reductions come before the 3×3 and 5×5"})
		return fmt.Errorf("output: got %v, want %v (Table 1: 28×28×256)%s", got.Output, want.Output, why)
	}
	if g, w := convLayout(m), convLayout(reference()); !slices.Equal(g, w) {
		return fmt.Errorf("convolutions (kernel→maps): got %v, want %v", g, w)
	}
	if got.Params != want.Params {
		return fmt.Errorf("parameters: got %s, want %s", nn.Comma(got.Params), nn.Comma(want.Params))
	}
	if got.MACs != want.MACs {
		return fmt.Errorf("multiply-accumulates: got %s, want %s", nn.Comma(got.MACs), nn.Comma(want.MACs))
	}
	// Szegedy et al. 2015 Table 1, inception (3a): "ops 128M".
	if math.Round(float64(got.MACs)/1e6) != 128 {
		return fmt.Errorf("multiply-accumulates: got %s, want 128M (Table 1)", nn.Comma(got.MACs))
	}
	if got.Depth != want.Depth || got.RF != want.RF {
		return fmt.Errorf("depth %d, receptive field %d: want %d and %d (1×1 reductions before the 3×3 and 5×5)", got.Depth, got.RF.Size, want.Depth, want.RF.Size)
	}
	if err := concatOrder(m); err != nil {
		return err
	}
	return sameOutput(build(), reference())
}

// convKey names a convolution by its kernel and widths: each of (3a)'s
// six convolutions has its own.
func convKey(c *nn.Conv2D) string { return fmt.Sprintf("%d×%d %d→%d", c.KH, c.KW, c.In, c.Out) }

// sameOutput gives the module and the reference the same random weights
// (convolution by convolution, matched by kernel and widths) and compares
// their outputs on a random input with negative values: a missing ReLU,
// or one in the wrong place, changes the result (it used to pass, the
// counts do not see activations).
func sameOutput(m, ref nn.Module) error {
	rng := rand.New(rand.NewPCG(2015, 1)) // Szegedy et al. 2015, p. 1
	nn.InitParams(ref, rng)
	weights := map[string]*nn.Conv2D{}
	nn.Walk(ref, func(_ string, l nn.Module) {
		if c, ok := l.(*nn.Conv2D); ok {
			for i := range c.Bias.Data {
				c.Bias.Data[i] = float32(rng.NormFloat64()) // negative too: a ReLU has work
			}
			weights[convKey(c)] = c
		}
	})
	nn.InitParams(m, rng)
	var err error
	nn.Walk(m, func(_ string, l nn.Module) {
		c, ok := l.(*nn.Conv2D)
		if !ok || err != nil {
			return
		}
		r := weights[convKey(c)]
		if r == nil || c.Bias == nil {
			err = fmt.Errorf("convolution %s: not one of the module's", convKey(c))
			return
		}
		copy(c.Weight.Data, r.Weight.Data)
		copy(c.Bias.Data, r.Bias.Data)
	})
	if err != nil {
		return err
	}
	x := nn.NewTensor(1, 192, 28, 28)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	got, err := nn.Run(m, nil, x)
	if err != nil {
		return err
	}
	want, err := nn.Run(ref, nil, x)
	if err != nil {
		return err
	}
	for i := range want.Data {
		if d := math.Abs(float64(got.Data[i] - want.Data[i])); d > 1e-3*(1+math.Abs(float64(want.Data[i]))) {
			c, hw := i/(28*28), i%(28*28)
			hint := ""
			if got.Data[i] < 0 {
				hint = ": a negative output, so no ReLU ends this branch (every convolution is followed by one, §5)"
			} else if want.Data[i] == 0 {
				hint = ": the paper's module gives 0 here, its ReLU cut a negative value"
			}
			return fmt.Errorf("same weights, same input: channel %d at (%d, %d): got %g, want %g%s", c, hw/28, hw%28, got.Data[i], want.Data[i], hint)
		}
	}
	return nil
}

// concatOrder runs the module with every kernel zero and every bias
// 1000·k + maps, so that each output channel shows which branch made it:
// 1×1/64 → 1064, 3×3/128 → 3128, 5×5/32 → 5032, pool proj → 1032.
func concatOrder(m nn.Module) error {
	nn.InitParams(m, rand.New(rand.NewPCG(1, 2)))
	nn.Walk(m, func(_ string, l nn.Module) {
		if c, ok := l.(*nn.Conv2D); ok {
			clear(c.Weight.Data)
			if c.Bias == nil {
				return
			}
			for i := range c.Bias.Data {
				c.Bias.Data[i] = float32(1000*c.KH + c.Out)
			}
		}
	})
	y, err := nn.Run(m, nil, nn.NewTensor(1, 192, 28, 28))
	if err != nil {
		return err
	}
	hw := 28 * 28
	for c := range y.Shape[1] {
		var want float32
		switch {
		case c < 64:
			want = 1064
		case c < 64+128:
			want = 3128
		case c < 64+128+32:
			want = 5032
		default:
			want = 1032
		}
		if v := y.Data[c*hw]; v != want {
			return fmt.Errorf("channel %d: got a value from the branch marked %g, want %g: concatenate 1×1, 3×3, 5×5, pool in that order, each convolution with a bias", c, v, want)
		}
	}
	return nil
}

// banned are the answers that call the function the exercise asks for.
var banned = []verify.Ban{
	{Pkg: "github.com/cnnbook/cnnbook/nn", Name: "Inception", Why: "that is the module already written; build it from nn.NewConv2D, nn.NewReLU, nn.NewMaxPool2D, nn.Seq and nn.NewParallel"},
	{Pkg: "github.com/cnnbook/cnnbook/nn", Name: "Analyze", Why: "the check measures the module; the module itself should not"},
	{Pkg: "github.com/cnnbook/cnnbook/chapters/googlenet", Why: "the chapter's model builds the module for you; write it from nn's layers"},
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func() nn.Module]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func() nn.Module]{Func: "Inception3a", Yours: ex.Inception3a, Check: check, Banned: banned, Ref: ref})
}

// TestNaiveCost backs the numbers in the reference solution's comment.
func TestNaiveCost(t *testing.T) {
	rep, err := nn.Analyze(googlenet.NaiveInception("naive", 192, 64, 128, 32), input)
	if err != nil {
		t.Fatal(err)
	}
	if math.Round(float64(rep.MACs)/1e6) != 303 || rep.Output[0] != 416 {
		t.Errorf("naive module: got %s MACs and %d channels, want 303M and 416", nn.Comma(rep.MACs), rep.Output[0])
	}
}
