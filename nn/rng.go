package nn

import "math/rand/v2"

// NewRNG returns the seeded generator every random choice in the book
// goes through (weight init, dropout masks, stochastic depth, data order):
// a math/rand/v2 PCG whose two state words are derived from seed. PCG is
// a specified algorithm (the DXSM variant numpy also uses), so a seed
// gives the same stream on every machine.
func NewRNG(seed uint64) *rand.Rand {
	// The second word is seed mixed with the golden-ratio constant, so
	// consecutive seeds do not start from nearby states.
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}
