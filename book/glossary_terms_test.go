package book

import (
	"os"
	"strings"
	"testing"
)

// The glossary's terms (glossary.tsv: ko, en, definition, anchor) are
// complete and each anchor names a page and id the book builds.
func TestGlossaryTerms(t *testing.T) {
	data, err := os.ReadFile("glossary.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != "ko\ten\tdefinition\tanchor" {
		t.Fatalf("glossary.tsv header %q, want \"ko\\ten\\tdefinition\\tanchor\"", lines[0])
	}
	s := site(t)
	seen := map[string]bool{}
	for i, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" || f[1] == "" || f[2] == "" || f[3] == "" {
			t.Errorf("glossary.tsv line %d: want four non-empty fields, got %q", i+2, line)
			continue
		}
		if seen[f[0]] {
			t.Errorf("glossary.tsv line %d: %s defined twice", i+2, f[0])
		}
		seen[f[0]] = true
		page, frag, _ := strings.Cut(f[3], "#")
		if html, ok := s.Docs[page]; !ok || !strings.Contains(string(html), ` id="`+frag+`"`) {
			t.Errorf("glossary.tsv line %d: %s: anchor %q is not in the book", i+2, f[0], f[3])
		}
	}
}
