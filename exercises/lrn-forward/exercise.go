// Package lrnforward is an exercise of the AlexNet chapter: local
// response normalisation, "brightness normalization" across channels
// (Krizhevsky et al. 2012 §3.3), which VGG later found to help nothing
// (Simonyan & Zisserman 2015 §4.1, configuration A-LRN).
//
//	go test ./exercises/lrn-forward
//	go run ./cmd/book hint lrn-forward
package lrnforward

// LRN normalises the activity a (c channels of h×w, row-major) as
// Krizhevsky et al. 2012 §3.3 write it:
//
//	b[ch][x][y] = a[ch][x][y] / (k + α · Σ_{j = max(0, ch−n/2)}^{min(c−1, ch+n/2)} a[j][x][y]²)^β
//
// with the paper's constants k = 2, n = 5, α = 10⁻⁴, β = 0.75 (n/2 is
// integer division: the sum runs over up to n channels around ch). It
// returns a new slice.
func LRN(a []float32, c, h, w int) []float32 {
	return nil
}
