package googlenet

import (
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
	"github.com/cnnbook/cnnbook/nn/nntest"
)

// The Inception modules' keys, shapes and parameter/buffer split equal
// torchvision 0.14's state_dict (without num_batches_tracked), in the same
// order (keys from chapters/resnet/testdata/gen_block_keys.py).
func TestInceptionMatchesTorchvision(t *testing.T) {
	for _, tc := range []struct {
		keys    string
		m       nn.Module
		in, out nn.Shape
		params  int64
		why     string
	}{
		{"testdata/keys_googlenet.inception3a.txt", Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, TorchvisionInception()), nn.Shape{192, 28, 28}, nn.Shape{256, 28, 28},
			155872, "Szegedy et al. 2015 Table 1 row inception (3a) with torchvision's BN and 3×3"},
		{"testdata/keys_googlenet.inception4e.txt", Inception("inception4e", 528, 256, 160, 320, 32, 128, 128, TorchvisionInception()), nn.Shape{528, 14, 14}, nn.Shape{832, 14, 14},
			803840, "Szegedy et al. 2015 Table 1 row inception (4e) with torchvision's BN and 3×3"},
	} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(tc.keys, "testdata/keys_"), ".txt"), func(t *testing.T) {
			nntest.MatchTorchvision(t, tc.keys, tc.m, tc.in, tc.out, tc.params, tc.why)
		})
	}
}

// Szegedy et al. 2015 Table 1 lists 128M ops for inception (3a) at 28×28:
// 28·28·(192·64 + 192·96 + 96·128·9 + 192·16 + 16·32·25 + 192·32)
// = 784·163,328 = 128,049,152 multiply-accumulates with the paper's 5×5.
func TestInceptionPaperMACs(t *testing.T) {
	r, err := nn.Analyze(Inception("inception3a", 192, 64, 96, 128, 16, 32, 32, InceptionOpts{}), nn.Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	if r.MACs != 128049152 {
		t.Errorf("inception (3a) MACs got %s, want 128,049,152 (Table 1: 128M)", nn.Comma(r.MACs))
	}
	// The paper's module: conv with bias + ReLU, keys branchN[.i].conv.{weight,bias}.
	if k := nn.AllParams(Inception("i", 192, 64, 96, 128, 16, 32, 32, InceptionOpts{}))[1].Key; k != "branch1.conv.bias" {
		t.Errorf("paper Inception key 1 got %s, want branch1.conv.bias", k)
	}
}

func TestNaiveInceptionGrows(t *testing.T) {
	// Szegedy et al. 2015 §4: in the naive module the pooling branch alone
	// passes on as many channels as came in, so the concatenation always
	// outgrows its input, stage after stage.
	r, err := nn.Analyze(NaiveInception("naive", 192, 64, 128, 32), nn.Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	if want := (nn.Shape{64 + 128 + 32 + 192, 28, 28}); !r.Output.Equal(want) {
		t.Errorf("naive inception output got %v, want %v (c1+c3+c5+in)", r.Output, want)
	}
}

// The forward pass gives the shapes the analysis predicts.
func TestModulesForwardShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    nn.Module
		in   nn.Shape
	}{
		{"Inception torchvision", Inception("i", 8, 4, 3, 4, 2, 3, 2, TorchvisionInception()), nn.Shape{8, 5, 5}},
		{"Inception paper", Inception("i", 8, 4, 3, 4, 2, 3, 2, InceptionOpts{}), nn.Shape{8, 5, 5}},
		{"NaiveInception", NaiveInception("i", 4, 2, 3, 2), nn.Shape{4, 5, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.ForwardShapes(t, tc.m, tc.in) })
	}
}
