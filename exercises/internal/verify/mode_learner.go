//go:build !solutions && !mistakes

package verify

// Mode is what Run checks in this build: the reader's functions.
const Mode = Learner
