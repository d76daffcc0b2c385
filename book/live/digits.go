package live

import (
	_ "embed"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// digitsTxt holds the MNIST test digits the page offers (and its tests
// run): the first PerClass images of each class in the test set, in test
// set order, one a line: "index label pixels" with the 784 pixels in
// hex. go test ./book/live -run TestDigits -update rewrites it from the
// test set (MNIST © LeCun & Cortes, CC BY-SA 3.0).
//
//go:embed digits.txt
var digitsTxt string

// PerClass is how many test digits of each class digits.txt holds.
const PerClass = 3

// A Digit is one committed MNIST test image.
type Digit struct {
	Index  int     // in the MNIST test set
	Label  int     // its class
	Pixels []uint8 // 28×28, 0 background, 255 ink
}

// Digits returns the committed test digits, in test set order.
func Digits() []Digit {
	ds, err := parseDigits(digitsTxt)
	if err != nil {
		panic(err) // the file is committed and tested
	}
	return ds
}

func parseDigits(s string) ([]Digit, error) {
	var out []Digit
	for n, line := range strings.Split(strings.TrimSpace(s), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("live: digits.txt:%d: %d fields, want index, label, pixels", n+1, len(f))
		}
		idx, err1 := strconv.Atoi(f[0])
		label, err2 := strconv.Atoi(f[1])
		px, err3 := hex.DecodeString(f[2])
		if err1 != nil || err2 != nil || err3 != nil || label < 0 || label > 9 || len(px) != Field*Field {
			return nil, fmt.Errorf("live: digits.txt:%d: want an index, a label 0–9 and 784 hex pixels", n+1)
		}
		out = append(out, Digit{Index: idx, Label: label, Pixels: px})
	}
	return out, nil
}

// formatDigits is the text of digits.txt for ds.
func formatDigits(ds []Digit) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d %d %s\n", d.Index, d.Label, hex.EncodeToString(d.Pixels))
	}
	return b.String()
}
