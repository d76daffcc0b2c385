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

// Verdict is the outcome of checking a claim. It is never typed: Verdict()
// computes it from the entry's typed fields (the notes' value, the
// computed value, whether the cited source agrees, an experiment's
// outcome).
type Verdict string

const (
	Confirmed    Verdict = "confirmed"         // the code computes what the notes say
	Corrected    Verdict = "corrected"         // the code computes something else; Reason says why
	Cited        Verdict = "cited"             // not computable here; a cited source agrees with the notes
	Refuted      Verdict = "refuted-by-source" // not computable here; the cited source says otherwise
	Demonstrated Verdict = "demonstrated"      // shown by running code (an experiment of results/)
	Unsettled    Verdict = "unsettled"         // sources disagree, or the experiment at this scale does not decide
)

// Verdicts lists every verdict in the order the book shows them.
var Verdicts = []Verdict{Confirmed, Corrected, Demonstrated, Cited, Refuted, Unsettled}

// Correction reports whether v says the notes are wrong: the code
// computes otherwise, or the cited source says otherwise.
func (v Verdict) Correction() bool { return v == Corrected || v == Refuted }

// Agreement is a typed yes / no / unsettled: whether a cited source agrees
// with the notes (SourceAgrees), or what an experiment found (Outcome).
// The zero value is "not judged".
type Agreement int

const (
	NotJudged Agreement = iota
	Yes                 // the source (experiment) agrees with the notes
	No                  // it says otherwise
	Undecided           // sources disagree, or the experiment does not decide
)

func (a Agreement) String() string {
	return [...]string{"not judged", "yes", "no", "unsettled"}[a]
}

// Claim is one ledger entry.
type Claim struct {
	ID      string // short, stable: "alexnet/input-277"
	Chapter string
	Line    int // 1-based line of the notes holding NotesQuote
	Last    int // last line of the statement when it spans several (0: Line)
	// NotesQuote is the notes' words: a verbatim Korean excerpt of
	// notes.ko.md (a substring of line Line).
	NotesQuote string
	Claimed    string // the notes' value, as a reader would state it
	// Computed is what our code gives (empty: not computable here);
	// Cited is the independent value with its Source (paper, torchvision).
	Computed string
	Cited    string
	Source   string
	// SourceQuote is the source's own words. A Verbatim quote is copied
	// word for word (pieces of it joined by " … "), with its section and
	// page in Source, and CheckedAgainst names the copy of the paper it
	// was checked against; a Paraphrase is shown without quotation marks.
	// Cited and Claimed hold no quotation marks: quotations live here.
	SourceQuote    string
	QuoteKind      QuoteKind
	CheckedAgainst string
	// For numeric claims: the notes' number, ours, and the relative
	// tolerance within which they agree (0: exact).
	ClaimedValue, ComputedValue float64
	Tolerance                   float64
	Numeric                     bool
	// Agrees, for non-numeric claims, says whether the code's finding
	// matches the notes (computed by the chapter, not typed in).
	Agrees bool
	// Paper marks a claim about what a paper did or says (a training
	// setting, a motivation): it is judged against the source, and a
	// Computed value is only our code's own setting, shown beside it.
	Paper bool
	// SourceAgrees says whether the cited source agrees with the notes;
	// it decides the verdict of an entry without a computed value (or
	// about a paper).
	SourceAgrees Agreement
	// Experiment is the experiment that decides the claim by running code
	// ("results/degradation/"); Outcome is what it found (NotJudged until
	// its results have landed: the verdict then follows the source).
	Experiment string
	Outcome    Agreement
	Reason     string // why the notes are wrong, or how the value was checked
}

// QuoteKind says whether a SourceQuote is the source's words verbatim or
// a paraphrase.
type QuoteKind string

const (
	Verbatim   QuoteKind = "verbatim"
	Paraphrase QuoteKind = "paraphrase"
)

// SourceWords returns the entry's source quotation and its kind; an entry
// without one is represented by its cited value, a paraphrase.
func (c Claim) SourceWords() (string, QuoteKind) {
	if c.SourceQuote == "" {
		return c.Cited, Paraphrase
	}
	return c.SourceQuote, c.QuoteKind
}

// Lines returns the first and last line of the notes the entry covers.
func (c Claim) Lines() (first, last int) {
	if c.Last > c.Line {
		return c.Line, c.Last
	}
	return c.Line, c.Line
}

// computed reports whether the entry holds a value computed by our code
// that judges the notes (not merely our setting of a paper's choice).
func (c Claim) computed() bool { return !c.Paper && (c.Numeric || c.Computed != "") }

// Verdict computes the verdict from the typed fields, in this order: an
// experiment's outcome; a computed value against the notes' (numeric
// within Tolerance, or Agrees); the cited source's agreement.
func (c Claim) Verdict() Verdict {
	if c.Experiment != "" {
		switch c.Outcome {
		case Yes:
			return Demonstrated
		case No:
			return Corrected
		case Undecided:
			return Unsettled
		}
	}
	switch {
	case c.computed() && c.Numeric:
		if math.Abs(c.ClaimedValue-c.ComputedValue) <= c.Tolerance*math.Abs(c.ComputedValue) {
			return Confirmed
		}
		return Corrected
	case c.computed() && c.Agrees:
		return Confirmed
	case c.computed():
		return Corrected
	}
	switch c.SourceAgrees {
	case No:
		return Refuted
	case Undecided:
		return Unsettled
	}
	return Cited
}

// Check verifies that the entry is well formed: its quote stands on its
// line of the notes, a correction has a reason, a citation a source.
func (c Claim) Check() error {
	lines := strings.Split(Notes, "\n")
	if c.Line < 1 || c.Line > len(lines) {
		return fmt.Errorf("%s: line %d outside the notes (1..%d)", c.ID, c.Line, len(lines))
	}
	if c.NotesQuote == "" || !strings.Contains(lines[c.Line-1], c.NotesQuote) {
		return fmt.Errorf("%s: line %d of the notes does not contain %q", c.ID, c.Line, c.NotesQuote)
	}
	for _, f := range []struct{ name, text string }{{"Cited", c.Cited}, {"Claimed", c.Claimed}} {
		if strings.ContainsAny(f.text, "\"“”") {
			return fmt.Errorf("%s: %s holds quotation marks (%q): put the source's words in SourceQuote", c.ID, f.name, f.text)
		}
	}
	switch {
	case c.SourceQuote != "" && c.QuoteKind != Verbatim && c.QuoteKind != Paraphrase:
		return fmt.Errorf("%s: SourceQuote without a QuoteKind (verbatim or paraphrase)", c.ID)
	case c.QuoteKind == Verbatim && c.CheckedAgainst == "":
		return fmt.Errorf("%s: a verbatim SourceQuote without CheckedAgainst (the copy of the paper it was checked against)", c.ID)
	case c.QuoteKind == Paraphrase && strings.HasPrefix(c.SourceQuote, "“"):
		return fmt.Errorf("%s: a paraphrase set in quotation marks", c.ID)
	}
	if c.Last != 0 && (c.Last < c.Line || c.Last > len(lines)) {
		return fmt.Errorf("%s: last line %d outside %d..%d", c.ID, c.Last, c.Line, len(lines))
	}
	v := c.Verdict()
	switch v {
	case Corrected, Refuted, Unsettled:
		if c.Reason == "" {
			return fmt.Errorf("%s: %s without a reason", c.ID, v)
		}
	case Cited:
		if c.Source == "" || c.Cited == "" {
			return fmt.Errorf("%s: cited without a value and source", c.ID)
		}
	}
	if !c.computed() && c.Experiment == "" && c.SourceAgrees == NotJudged {
		return fmt.Errorf("%s: judged by its source, but SourceAgrees is not set (yes, no or unsettled)", c.ID)
	}
	if c.Experiment != "" && c.Outcome == NotJudged && c.SourceAgrees == NotJudged {
		return fmt.Errorf("%s: its experiment has no outcome yet and SourceAgrees is not set", c.ID)
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
	case c.computed() && c.Computed == "":
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
