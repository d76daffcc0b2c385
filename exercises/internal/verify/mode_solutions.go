//go:build solutions && !mistakes

package verify

// Mode is what Run checks in this build (-tags solutions): the reference
// solutions under exercises/solutions, which must pass.
const Mode = Solutions
