package convoutputsize_test

import (
	"fmt"
	"testing"

	ex "github.com/cnnbook/cnnbook/exercises/conv-output-size"
	"github.com/cnnbook/cnnbook/exercises/internal/verify"
	"github.com/cnnbook/cnnbook/nn"
)

// analyzed is the answer the nn package computes for a real layer.
func analyzed(in, k, s, p int) (int, error) {
	rep, err := nn.Analyze(nn.NewConv2D("conv", 1, 1, k, nn.Stride(s), nn.Pad(p)), nn.Shape{1, in, in})
	if err != nil {
		return 0, err
	}
	return rep.Output[1], nil
}

// layers are the paper layers the chapter text uses.
var layers = []struct {
	name        string
	in, k, s, p int
}{
	{"AlexNet conv1 (227, Krizhevsky et al. 2012 as built)", 227, 11, 4, 0},
	{"AlexNet conv1 (torchvision: 224, padding 2)", 224, 11, 4, 2},
	{"AlexNet pool1 (3×3 stride 2, overlapping)", 55, 3, 2, 0},
	{"ZFNet conv1 (7×7 stride 2)", 224, 7, 2, 1},
	{"VGG conv3 (padding 1 keeps the size)", 56, 3, 1, 1},
	{"GoogLeNet conv1 (7×7 stride 2, padding 3)", 224, 7, 2, 3},
	{"ResNet 1×1 projection, stride 2", 56, 1, 2, 0},
}

// check compares f with nn.Analyze on the paper layers and on every layer
// with in ≤ 24, k ≤ 7, s ≤ 4, p ≤ 3 that runs.
func check(f func(in, k, s, p int) int) error {
	for _, l := range layers {
		want, err := analyzed(l.in, l.k, l.s, l.p)
		if err != nil {
			return err
		}
		if got := f(l.in, l.k, l.s, l.p); got != want {
			return fmt.Errorf("%s: OutputSize(%d, %d, %d, %d): got %d, want %d", l.name, l.in, l.k, l.s, l.p, got, want)
		}
	}
	for in := 1; in <= 24; in++ {
		for k := 1; k <= 7; k++ {
			for s := 1; s <= 4; s++ {
				for p := 0; p <= 3 && p < k; p++ {
					if k > in+2*p {
						continue
					}
					want, err := analyzed(in, k, s, p)
					if err != nil {
						return err
					}
					if got := f(in, k, s, p); got != want {
						return fmt.Errorf("OutputSize(in=%d, k=%d, s=%d, p=%d): got %d, want %d", in, k, s, p, got, want)
					}
				}
			}
		}
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Exercise(t, "OutputSize", func() error { return check(ex.OutputSize) })
}

func TestSolution(t *testing.T) {
	verify.Solution(t, func() error { return check(solution) })
	verify.Rejects(t, "rounding up", func() error {
		return check(func(in, k, s, p int) int { return (in+2*p-k+s-1)/s + 1 })
	})
	verify.Rejects(t, "padding on one side only", func() error {
		return check(func(in, k, s, p int) int { return (in+p-k)/s + 1 })
	})
	verify.Rejects(t, "forgetting the +1", func() error {
		return check(func(in, k, s, p int) int { return (in + 2*p - k) / s })
	})
}
