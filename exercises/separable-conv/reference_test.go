//go:build solutions || mistakes

package separableconv_test

import sol "github.com/cnnbook/cnnbook/exercises/solutions/separable-conv"

// Under -tags solutions the check runs the reference solution instead of
// exercise.go; under -tags mistakes, the typical mistakes.
func init() { ref = &sol.Reference }
