//go:build solutions || mistakes

package lenettrain_test

import sol "github.com/cnnbook/cnnbook/exercises/solutions/lenet-train"

// Under -tags solutions the check runs the reference solution instead of
// exercise.go; under -tags mistakes, the typical mistakes.
func init() { ref = &sol.Reference }
