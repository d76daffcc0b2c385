//go:build race

package nn

// raceEnabled: the race detector changes allocation counts (and drops
// sync.Pool items at random), so allocation tests skip under it.
const raceEnabled = true
