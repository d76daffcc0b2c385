//go:build solutions || mistakes

package occlusionmap_test

import sol "github.com/cnnbook/cnnbook/exercises/solutions/occlusion-map"

// Under -tags solutions the check runs the reference solution instead of
// exercise.go; under -tags mistakes, the typical mistakes.
func init() { ref = &sol.Reference }
