package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ParseShape takes exactly three positive integers, as `book summary
// -input` and the book's summary directive document.
func TestParseShape(t *testing.T) {
	s, err := ParseShape("3, 224,224")
	require.NoError(t, err)
	assert.Equal(t, Shape{3, 224, 224}, s)
	for _, bad := range []string{"3,224", "3,224,224,1", "3,x,4", "0,5,5", ""} {
		_, err := ParseShape(bad)
		assert.Error(t, err, "%q", bad)
	}
}

// FuzzParseShape: ParseShape accepts exactly three positive integers, and
// the analysis of what it accepts is an error or non-negative counts.
func FuzzParseShape(f *testing.F) {
	for _, s := range []string{"3,224,224", "1, 2 ,3", "3,224", "0,1,1", "3,9223372036854775807,9223372036854775807", "x,y,z", ",,"} {
		f.Add(s)
	}
	net := Seq("net", NewConv2D("conv", 3, 8, 3, Stride(2), Pad(1)), NewMaxPool2D("pool", 2), NewFlatten("flat"))
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShape(s)
		if err != nil {
			return
		}
		if len(sh) != 3 || sh[0] < 1 || sh[1] < 1 || sh[2] < 1 {
			t.Fatalf("ParseShape(%q) = %v", s, sh)
		}
		r, err := Analyze(net, sh)
		if err != nil {
			return
		}
		if r.MACs < 0 || r.Activations < 0 || r.Params < 0 {
			t.Fatalf("%v: MACs %d, activations %d, params %d", sh, r.MACs, r.Activations, r.Params)
		}
	})
}
