package claims

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed notesmap.tsv
var notesMapTSV string

// NotesRow is one row of the notes map (notesmap.tsv): a run of non-blank
// lines of the notes, the book page#fragment that teaches it, the ledger
// entries on it and, when there are none, why.
type NotesRow struct {
	First, Last int    // 1-based lines of notes.ko.md
	Anchor      string // "resnet.html#the-residual-block"
	Entries     []string
	Reason      string
}

// NotesMap parses notesmap.tsv and checks that its rows cover every
// non-blank line of the notes exactly once, in order, each row a whole run
// of non-blank lines, and that every row holding a heading has an anchor.
func NotesMap() ([]NotesRow, error) {
	notes := strings.Split(Notes, "\n")
	var rows []NotesRow
	for i, line := range strings.Split(strings.TrimSuffix(notesMapTSV, "\n"), "\n") {
		if i == 0 {
			if line != "lines\tanchor\tentries\treason" {
				return nil, fmt.Errorf("notesmap.tsv: header %q, want \"lines\\tanchor\\tentries\\treason\"", line)
			}
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("notesmap.tsv line %d: %d fields, want 4", i+1, len(f))
		}
		var r NotesRow
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			hi = lo
		}
		var err1, err2 error
		r.First, err1 = strconv.Atoi(lo)
		r.Last, err2 = strconv.Atoi(hi)
		if err1 != nil || err2 != nil || r.First < 1 || r.Last < r.First || r.Last > len(notes) {
			return nil, fmt.Errorf("notesmap.tsv line %d: lines %q are not a range within 1..%d", i+1, f[0], len(notes))
		}
		r.Anchor, r.Reason = f[1], f[3]
		if f[2] != "" {
			r.Entries = strings.Split(f[2], ",")
		}
		rows = append(rows, r)
	}
	next := 1 // the first line not yet covered
	for _, r := range rows {
		for l := next; l < r.First; l++ {
			if strings.TrimSpace(notes[l-1]) != "" {
				return nil, fmt.Errorf("notesmap.tsv: line %d of the notes is in no row", l)
			}
		}
		if r.First < next {
			return nil, fmt.Errorf("notesmap.tsv: row %d-%d overlaps or is out of order", r.First, r.Last)
		}
		heading := false
		for l := r.First; l <= r.Last; l++ {
			text := strings.TrimSpace(notes[l-1])
			if text == "" {
				return nil, fmt.Errorf("notesmap.tsv: row %d-%d includes blank line %d", r.First, r.Last, l)
			}
			heading = heading || strings.HasPrefix(text, "#")
		}
		if r.First > 1 && strings.TrimSpace(notes[r.First-2]) != "" || r.Last < len(notes) && strings.TrimSpace(notes[r.Last]) != "" {
			return nil, fmt.Errorf("notesmap.tsv: row %d-%d is not a whole run of non-blank lines", r.First, r.Last)
		}
		if heading && r.Anchor == "" {
			return nil, fmt.Errorf("notesmap.tsv: row %d-%d holds a heading but no anchor", r.First, r.Last)
		}
		next = r.Last + 1
	}
	for l := next; l <= len(notes); l++ {
		if strings.TrimSpace(notes[l-1]) != "" {
			return nil, fmt.Errorf("notesmap.tsv: line %d of the notes is in no row", l)
		}
	}
	return rows, nil
}
