// Package claims is the notes' claims ledger: every checkable statement of
// the study notes (notes.ko.md, embedded), the value the notes give, the
// value this book's code computes, an independent cited value, and a
// verdict computed from them. Each chapter contributes its entries with a
// Claims function; its tests check them; the book renders the ledger.
package claims

import (
	_ "embed"
	"fmt"
	"math"
	"strings"
)

// Notes is the text of the study notes the book follows.
//
//go:embed notes.ko.md
var Notes string

// Verdict is the outcome of checking a claim.
type Verdict string

const (
	Confirmed Verdict = "confirmed" // the code computes what the notes say
	Corrected Verdict = "corrected" // the code computes something else; Reason says why
	Cited     Verdict = "cited"     // not computable here; Source gives the value
)

// Claim is one ledger entry.
type Claim struct {
	ID      string // short, stable: "alexnet/input-277"
	Chapter string
	Line    int    // 1-based line of the notes holding Quote
	Quote   string // verbatim Korean excerpt (a substring of that line)
	Claimed string // the notes' value, as a reader would state it
	// Computed is what our code gives (empty: not computable here);
	// Cited is the independent value with its Source (paper, torchvision).
	Computed string
	Cited    string
	Source   string
	// For numeric claims: the notes' number, ours, and the relative
	// tolerance within which they agree (0: exact).
	ClaimedValue, ComputedValue float64
	Tolerance                   float64
	Numeric                     bool
	// Agrees, for non-numeric claims, says whether the code's finding
	// matches the notes (computed by the chapter, not typed in).
	Agrees bool
	Reason string // why the notes are wrong, or how the value was checked
}

// Verdict computes the verdict from the values.
func (c Claim) Verdict() Verdict {
	switch {
	case c.Computed == "" && !c.Numeric:
		return Cited
	case c.Numeric:
		if math.Abs(c.ClaimedValue-c.ComputedValue) <= c.Tolerance*math.Abs(c.ComputedValue) {
			return Confirmed
		}
		return Corrected
	case c.Agrees:
		return Confirmed
	default:
		return Corrected
	}
}

// Check verifies that the entry is well formed: its quote stands on its
// line of the notes, a correction has a reason, a citation a source.
func (c Claim) Check() error {
	lines := strings.Split(Notes, "\n")
	if c.Line < 1 || c.Line > len(lines) {
		return fmt.Errorf("%s: line %d outside the notes (1..%d)", c.ID, c.Line, len(lines))
	}
	if !strings.Contains(lines[c.Line-1], c.Quote) {
		return fmt.Errorf("%s: line %d of the notes does not contain %q", c.ID, c.Line, c.Quote)
	}
	switch c.Verdict() {
	case Corrected:
		if c.Reason == "" {
			return fmt.Errorf("%s: corrected without a reason", c.ID)
		}
	case Cited:
		if c.Source == "" || c.Cited == "" {
			return fmt.Errorf("%s: cited without a value and source", c.ID)
		}
	}
	return nil
}

// Sourced checks what the ledger promises beyond Check: every entry,
// whatever its verdict, sets an independent value (Cited: the paper's or
// torchvision's figure or words) and its Source, so that a reader can set
// the notes, our code and the literature side by side; and every entry
// but a citation sets the value our code computes.
func (c Claim) Sourced() error {
	switch {
	case c.Cited == "" || c.Source == "":
		return fmt.Errorf("%s: no independent value (Cited %q, Source %q)", c.ID, c.Cited, c.Source)
	case c.Verdict() != Cited && c.Computed == "":
		return fmt.Errorf("%s: %s without a computed value", c.ID, c.Verdict())
	}
	return nil
}

// LineOf returns the 1-based line of the first occurrence of quote in the
// notes, or 0.
func LineOf(quote string) int {
	for i, l := range strings.Split(Notes, "\n") {
		if strings.Contains(l, quote) {
			return i + 1
		}
	}
	return 0
}

// Audit checks a chapter's entries against the verdicts its test expects:
// every entry well formed (Check) and complete (Sourced), in the chapter,
// expected, and judged as expected; every expected entry present. It
// returns one error per problem.
func Audit(chapter string, got []Claim, want map[string]Verdict) []error {
	var errs []error
	seen := map[string]bool{}
	for _, c := range got {
		seen[c.ID] = true
		if err := c.Check(); err != nil {
			errs = append(errs, err)
		}
		if err := c.Sourced(); err != nil {
			errs = append(errs, err)
		}
		if c.Chapter != chapter {
			errs = append(errs, fmt.Errorf("%s: chapter: got %q, want %q", c.ID, c.Chapter, chapter))
		}
		w, ok := want[c.ID]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: not expected by the test", c.ID))
		case c.Verdict() != w:
			errs = append(errs, fmt.Errorf("%s: verdict: got %s, want %s (claimed %q, computed %q)", c.ID, c.Verdict(), w, c.Claimed, c.Computed))
		}
	}
	for id := range want {
		if !seen[id] {
			errs = append(errs, fmt.Errorf("%s: expected but missing", id))
		}
	}
	return errs
}
