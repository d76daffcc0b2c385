package googlenet

import (
	"fmt"
	"testing"

	"github.com/cnnbook/cnnbook/nn"
)

// Fig. 2 side by side at inception3a's input, 28×28×192 (Table 1). With
// biases:
//
//	naive:   1×1 192·64+64 = 12,352;  3×3 9·192·128+128 = 221,312;
//	         5×5 25·192·32+32 = 153,632                 → 387,296 params
//	         MACs (12,288 + 221,184 + 153,600)·784     = 303,464,448
//	         channels 64 + 128 + 32 + 192 (the pool passes all 192) = 416
//	reduced: 163,328 weights + 368 biases               → 163,696 params
//	         MACs 163,328·784                           = 128,049,152
//	         channels 64 + 128 + 32 + 32                = 256
func TestInception3a(t *testing.T) {
	naive, reduced := Fig2(Table1[2], 192)
	for _, tc := range []struct {
		name     string
		m        nn.Module
		channels int
		params   int64
		macs     int64
	}{
		{"naive", naive, 416, 387_296, 303_464_448},
		{"reduced", reduced, 256, 163_696, 128_049_152},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := nn.Analyze(tc.m, nn.Shape{192, 28, 28})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Output.Equal(nn.Shape{tc.channels, 28, 28}) {
				t.Errorf("output: got %v, want %d×28×28", r.Output, tc.channels)
			}
			if r.Params != tc.params {
				t.Errorf("params: got %s, want %s", nn.Comma(r.Params), nn.Comma(tc.params))
			}
			if r.MACs != tc.macs {
				t.Errorf("MACs: got %s, want %s", nn.Comma(r.MACs), nn.Comma(tc.macs))
			}
			t.Logf("inception3a, %s module (Szegedy et al. 2015 Fig. 2, Table 1 widths) on 192×28×28: output %v, %s parameters, %s MACs = hand count k²·Cin·Cout·H·W per branch",
				tc.name, r.Output, nn.Comma(r.Params), nn.Comma(r.MACs))
		})
	}
	// the ratio the chapter quotes: 303,464,448 / 128,049,152 = 2.37
	if got := fmt.Sprintf("%.1f", 303_464_448.0/128_049_152); got != "2.4" {
		t.Errorf("naive/reduced MACs: got %s, want 2.4", got)
	}
}

// §4: "the number of outputs increase from stage to stage". Nine naive
// modules with Table 1's #1×1, #3×3 and #5×5 each add C1+C3+C5 channels
// to what they receive: 192 + Σ(C1+C3+C5) = 192 + 4,752 = 4,944 channels
// at 5b instead of 1,024.
func TestNaiveBody(t *testing.T) {
	var grow int
	for _, r := range Table1 {
		if r.Inception() {
			grow += r.C1 + r.C3 + r.C5
		}
	}
	naive, err := nn.Analyze(NaiveBody(), nn.Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	reduced, err := nn.Analyze(Body(), nn.Shape{192, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	if want := (nn.Shape{192 + grow, 7, 7}); !naive.Output.Equal(want) || grow != 4752 {
		t.Errorf("naive body: got %v, want %v (192 + 4,752)", naive.Output, want)
	}
	if !reduced.Output.Equal(nn.Shape{1024, 7, 7}) {
		t.Errorf("body: got %v, want 1024×7×7 (Table 1)", reduced.Output)
	}
	if naive.MACs < 10*reduced.MACs {
		t.Errorf("naive body %s MACs, reduced %s: want more than 10×", nn.Comma(naive.MACs), nn.Comma(reduced.MACs))
	}
}
