package imagenet

import (
	_ "embed"
	"strings"
)

// NumClasses is the number of ILSVRC-2012 classes (Russakovsky et al. 2015).
const NumClasses = 1000

// classes.txt is torchvision 0.14's ResNet18_Weights.IMAGENET1K_V1
// .meta["categories"], one name per line in class-index order (testdata/gen.py).
//
//go:embed classes.txt
var classesTxt string

var classes = strings.Split(strings.TrimSuffix(classesTxt, "\n"), "\n")

// Classes returns the 1,000 class names in index order (0 "tench" …
// 999 "toilet tissue").
func Classes() []string { return append([]string(nil), classes...) }

// Class is the name of class i, or "" if i is out of range.
func Class(i int) string {
	if i < 0 || i >= len(classes) {
		return ""
	}
	return classes[i]
}
