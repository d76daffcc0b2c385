package claims

import (
	"fmt"
	"slices"
	"strings"
)

// Cover is what one non-blank line of the notes maps to: ledger entries,
// or the reason it holds no checkable claim (a heading, an image, a
// definition, an opinion).
type Cover struct {
	Entries []string `json:"entries,omitempty"`
	Reason  string   `json:"reason,omitempty"`
}

// Coverage maps every non-blank line of the notes to its row of the notes
// map (notesmap.tsv) and checks the map against the ledger cs: every row
// names entries or gives a reason (not both, not neither); every entry a
// row names exists; every entry is named by the rows holding its lines.
func Coverage(cs []Claim) (map[int]Cover, error) {
	rows, err := NotesMap()
	if err != nil {
		return nil, err
	}
	byID := map[string]Claim{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	out := map[int]Cover{}
	var errs []string
	for _, r := range rows {
		span := fmt.Sprintf("%d-%d", r.First, r.Last)
		switch {
		case len(r.Entries) == 0 && r.Reason == "":
			errs = append(errs, fmt.Sprintf("notesmap.tsv: lines %s: no entries and no reason", span))
		case len(r.Entries) > 0 && r.Reason != "":
			errs = append(errs, fmt.Sprintf("notesmap.tsv: lines %s: entries and a reason (give one)", span))
		}
		for _, id := range r.Entries {
			if _, ok := byID[id]; !ok {
				errs = append(errs, fmt.Sprintf("notesmap.tsv: lines %s: entry %s is not in the ledger", span, id))
			}
		}
		for l := r.First; l <= r.Last; l++ {
			out[l] = Cover{Entries: r.Entries, Reason: r.Reason}
		}
	}
	for _, c := range cs {
		first, last := c.Lines()
		for l := first; l <= last; l++ {
			if cv, ok := out[l]; ok && !slices.Contains(cv.Entries, c.ID) { // !ok: a blank line
				errs = append(errs, fmt.Sprintf("notesmap.tsv: entry %s (notes line %d) is missing from the row holding line %d", c.ID, l, l))
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return out, nil
}

// NonBlank counts the non-blank lines of the notes.
func NonBlank() int {
	n := 0
	for _, l := range strings.Split(Notes, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}
