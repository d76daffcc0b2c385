package all

import (
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const chapterPrefix = "github.com/cnnbook/cnnbook/chapters/"

// importRule says why chapter from may not import chapters/<dep>, or ""
// if it may. order is book order. A chapter may import the chapters
// before it (ResNet's variants build on ResNet's blocks), never itself,
// one after it or one beside it; chapters/claims is not a chapter (every
// chapter may import it) and chapters/all imports them all and is
// imported by none.
func importRule(order []string, from, dep string) string {
	i, j := slices.Index(order, from), slices.Index(order, dep)
	switch {
	case dep == "claims":
		return ""
	case dep == "all":
		return "chapters/all imports every chapter: no chapter imports it"
	case j < 0:
		return "neither a chapter of chapters/all nor chapters/claims"
	case j >= i:
		return fmt.Sprintf("chapter %d (%s) may import only the chapters before it in book order (%s), not chapter %d",
			i+1, from, strings.Join(order[:i], " < "), j+1)
	}
	return ""
}

// TestChapterImportOrder parses every Go file of every chapter (tests
// included: a test that imports a later chapter ties the two as surely)
// and fails on a backward or sideways import, naming file and import.
func TestChapterImportOrder(t *testing.T) {
	var order []string
	for _, c := range chapters {
		order = append(order, c.Name)
	}
	checked := 0
	for _, name := range order {
		files, err := filepath.Glob(filepath.Join("..", name, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("chapter %s: no Go files (%v)", name, err)
		}
		for _, f := range files {
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if !strings.HasPrefix(path, chapterPrefix) {
					continue
				}
				checked++
				dep := strings.TrimPrefix(path, chapterPrefix)
				if dep == name && strings.HasSuffix(file.Name.Name, "_test") {
					continue // an external test package (example_test.go) imports its own chapter
				}
				if why := importRule(order, name, dep); why != "" {
					t.Errorf("%s imports %s: %s", f, path, why)
				}
			}
		}
	}
	t.Logf("%d imports of chapters/… checked against book order %s", checked, strings.Join(order, " < "))
}

// The rule fails on what it should: an import of a later chapter, of the
// chapter itself and of chapters/all.
func TestChapterImportRule(t *testing.T) {
	order := []string{"lenet", "alexnet", "resnet", "variants"}
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"variants", "resnet", true}, {"resnet", "lenet", true}, {"lenet", "claims", true},
		{"resnet", "variants", false}, {"lenet", "lenet", false}, {"alexnet", "all", false}, {"lenet", "book", false},
	} {
		if why := importRule(order, tc.from, tc.to); (why == "") != tc.ok {
			t.Errorf("%s → %s: %q, want allowed = %v", tc.from, tc.to, why, tc.ok)
		}
	}
}
