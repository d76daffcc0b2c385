package testfile

import (
	"strconv"
	"strings"

	"github.com/cnnbook/cnnbook/nn"
)

// Dims renders a shape as the generators write it: "64,3,3,3".
func Dims(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

// KeyLines renders m's tensors (nn.AllParams order) as "key d0,d1,…", the
// line format the generators write for a state_dict entry:
// "features.0.weight 64,3,3,3".
func KeyLines(m nn.Module) []string {
	var out []string
	for _, p := range nn.AllParams(m) {
		out = append(out, p.Key+" "+Dims(p.Shape))
	}
	return out
}
