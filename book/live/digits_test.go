package live

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/cnnbook/cnnbook/data/mnist"
)

var update = flag.Bool("update", false, "rewrite digits.txt from the MNIST test set")

// TestDigits: digits.txt holds the first PerClass test images of each
// class, byte for byte as the MNIST test set has them.
func TestDigits(t *testing.T) {
	set, err := mnist.Load("test")
	if err != nil {
		t.Skipf("no MNIST test set (%v): digits.txt is checked where it is", err)
	}
	var want []Digit
	seen := map[int]int{}
	for i := 0; i < set.N && len(want) < 10*PerClass; i++ {
		l := int(set.Labels[i])
		if seen[l] < PerClass {
			seen[l]++
			want = append(want, Digit{Index: i, Label: l, Pixels: set.Image(i)})
		}
	}
	text := formatDigits(want)
	if *update {
		if err := os.WriteFile("digits.txt", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := Digits()
	if len(got) != len(want) {
		t.Fatalf("digits.txt holds %d digits, want %d (go test -run TestDigits -update)", len(got), len(want))
	}
	for i := range got {
		if got[i].Index != want[i].Index || got[i].Label != want[i].Label || !bytes.Equal(got[i].Pixels, want[i].Pixels) {
			t.Errorf("digit %d: digits.txt has test image %d (label %d), want test image %d (label %d) with its pixels", i, got[i].Index, got[i].Label, want[i].Index, want[i].Label)
		}
	}
}
