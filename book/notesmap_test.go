package book

import (
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// Every anchor of the notes map (chapters/claims/notesmap.tsv) names a
// page the book builds and an id on that page, so that each section of
// the notes has the place in the book that teaches it.
func TestNotesMapAnchors(t *testing.T) {
	rows, err := claims.NotesMap()
	if err != nil {
		t.Fatal(err)
	}
	s := site(t)
	for _, r := range rows {
		if r.Anchor == "" {
			continue
		}
		page, frag, _ := strings.Cut(r.Anchor, "#")
		html, ok := s.Docs[page]
		if !ok {
			t.Errorf("notes lines %d-%d: anchor %q: the book builds no page %s", r.First, r.Last, r.Anchor, page)
			continue
		}
		if frag != "" && !strings.Contains(string(html), ` id="`+frag+`"`) {
			t.Errorf("notes lines %d-%d: anchor %q: %s has no id %q", r.First, r.Last, r.Anchor, page, frag)
		}
	}
}
