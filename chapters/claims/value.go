package claims

import (
	"fmt"
	"strings"
)

// Value is one number a chapter's prose shows, computed by the chapter's
// code: the Markdown writes `book:value lenet/c3-params` and the book
// puts Text in its place, so no computed number is typed by hand.
type Value struct {
	ID     string // "<chapter>/<name>": "lenet/c3-params"
	Text   string // as printed: "1,516"
	Source string // how it was computed: "nn.Analyze(lenet5-1998), row C3, Params"
}

// CheckValues verifies a chapter's values: every ID is "<chapter>/<name>"
// with a non-empty name, unique, and every value has a Text and a Source.
func CheckValues(chapter string, vs []Value) error {
	seen := map[string]bool{}
	for _, v := range vs {
		name, ok := strings.CutPrefix(v.ID, chapter+"/")
		switch {
		case !ok || name == "" || strings.ContainsAny(name, " \t`"):
			return fmt.Errorf("value %q: want an ID \"%s/<name>\" without spaces", v.ID, chapter)
		case seen[v.ID]:
			return fmt.Errorf("value %q defined twice", v.ID)
		case v.Text == "":
			return fmt.Errorf("value %q: empty text", v.ID)
		case v.Source == "":
			return fmt.Errorf("value %q: no source (say how it is computed)", v.ID)
		}
		seen[v.ID] = true
	}
	return nil
}
