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

// teach names a known mistake when got is what it gives.
func teach(in, k, s, p, got int) string {
	return verify.Teach(got,
		verify.Known{Answer: (in+2*p-k+s-1)/s + 1, Says: "this is what rounding up gives: the window that does not fit is dropped"},
		verify.Known{Answer: (in+p-k)/s + 1, Says: "this is what padding one side only gives: p rows of zeros go on each side, 2p in all"},
		verify.Known{Answer: (in + 2*p - k) / s, Says: "this is what forgetting the +1 gives: the window at position 0 counts too"},
	)
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
			return fmt.Errorf("%s: OutputSize(%d, %d, %d, %d): got %d, want %d%s", l.name, l.in, l.k, l.s, l.p, got, want, teach(l.in, l.k, l.s, l.p, got))
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
						return fmt.Errorf("OutputSize(in=%d, k=%d, s=%d, p=%d): got %d, want %d%s", in, k, s, p, got, want, teach(in, k, s, p, got))
					}
				}
			}
		}
	}
	return nil
}

// ref is the reference solution and the typical mistakes, set by
// reference_test.go under -tags solutions or mistakes only.
var ref *verify.Reference[func(in, k, s, p int) int]

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func(in, k, s, p int) int]{Func: "OutputSize", Yours: ex.OutputSize, Check: check, Ref: ref})
}
