package claims

import (
	"fmt"
	"math"
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

// LedgerValues are the ledger's numbers for the chapters' prose, so that
// a number the notes claim is typed once, in the ledger: for every
// numeric entry "<chapter>/<name>", the values "<chapter>/ledger-<name>-notes"
// (the notes' number), "<chapter>/ledger-<name>-ours" (the computed one)
// and "<chapter>/ledger-<name>-verdict".
func LedgerValues(cs []Claim) []Value {
	var out []Value
	for _, c := range cs {
		if !c.Numeric {
			continue
		}
		name, ok := strings.CutPrefix(c.ID, c.Chapter+"/")
		if !ok {
			continue
		}
		id := c.Chapter + "/ledger-" + name
		out = append(out,
			Value{ID: id + "-notes", Text: LedgerNumber(c.ClaimedValue), Source: "ledger entry " + c.ID + ": the notes' value (ClaimedValue)"},
			Value{ID: id + "-ours", Text: LedgerNumber(c.ComputedValue), Source: "ledger entry " + c.ID + ": the value our code computes (ComputedValue)"},
			Value{ID: id + "-verdict", Text: string(c.Verdict()), Source: "ledger entry " + c.ID + ": its verdict (Claim.Verdict)"})
	}
	return out
}

// LedgerNumber prints a ledger number as prose does: millions as
// "61.6 million", whole numbers with thousands separators, others to
// three significant figures.
func LedgerNumber(v float64) string {
	switch {
	case math.Abs(v) >= 1e6:
		return fmt.Sprintf("%.3g million", v/1e6)
	case v == math.Trunc(v):
		s := fmt.Sprintf("%d", int64(math.Abs(v)))
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		if v < 0 {
			s = "−" + s
		}
		return s
	}
	return fmt.Sprintf("%.3g", v)
}
