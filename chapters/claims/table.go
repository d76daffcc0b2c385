package claims

import (
	"fmt"
	"strings"
)

// Row is one entry of a chapter's ledger table: what the notes say (their
// words and value), what the literature says (the cited value, its source
// and the source's own words, whether it agrees with the notes), and
// Check, which computes our value from the chapter's evidence E. The
// evidence is built once per chapter (Table); a row without Check is
// judged by its source alone.
type Row[E any] struct {
	ID string
	// Lines are the first and last line of the notes the row covers; zero
	// means the line of NotesQuote (searched from the table's section).
	Lines          [2]int
	NotesQuote     string
	Claimed        string
	Cited          string
	Source         string
	SourceQuote    string
	QuoteKind      QuoteKind
	CheckedAgainst string
	SourceAgrees   Agreement
	// Paper marks a claim about what a paper did: judged against the
	// source, Check only shows our own setting beside it.
	Paper  bool
	Reason string
	Check  func(E) (Result, error)
}

// Result is what a row's Check computed: our value in words, and the
// typed fields the verdict follows (a number and its tolerance, an
// agreement, an experiment's outcome). Reason, when set, replaces the
// row's (for reasons that quote computed numbers).
type Result struct {
	Computed                    string
	Numeric                     bool
	ClaimedValue, ComputedValue float64
	Tolerance                   float64
	Agrees                      bool
	Experiment                  string
	Outcome                     Agreement
	Reason                      string
}

// Table builds a chapter's ledger: the evidence once, then every row's
// Check on it. Quotes are located from the first line holding section
// (empty: the start of the notes). It returns an error naming the row
// whose Check failed or whose quote is not in the notes; it never panics.
func Table[E any](chapter, section string, evidence func() (E, error), rows []Row[E]) ([]Claim, error) {
	ev, err := evidence()
	if err != nil {
		return nil, fmt.Errorf("%s: ledger evidence: %w", chapter, err)
	}
	start := 1
	if section != "" {
		if start = LineOf(section); start == 0 {
			return nil, fmt.Errorf("%s: the notes have no section %q", chapter, section)
		}
	}
	lines := strings.Split(Notes, "\n")
	out := make([]Claim, 0, len(rows))
	for _, r := range rows {
		c := Claim{ID: r.ID, Chapter: chapter, Line: r.Lines[0], Last: r.Lines[1], NotesQuote: r.NotesQuote,
			Claimed: r.Claimed, Cited: r.Cited, Source: r.Source, SourceQuote: r.SourceQuote, QuoteKind: r.QuoteKind,
			CheckedAgainst: r.CheckedAgainst, SourceAgrees: r.SourceAgrees, Paper: r.Paper, Reason: r.Reason}
		if c.Line == 0 {
			for i := start - 1; i < len(lines); i++ {
				if r.NotesQuote != "" && strings.Contains(lines[i], r.NotesQuote) {
					c.Line = i + 1
					break
				}
			}
			if c.Line == 0 {
				return nil, fmt.Errorf("%s: the notes (from line %d) do not contain %q", r.ID, start, r.NotesQuote)
			}
		}
		if r.Check != nil {
			res, err := r.Check(ev)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.ID, err)
			}
			c.Computed, c.Numeric, c.ClaimedValue, c.ComputedValue, c.Tolerance = res.Computed, res.Numeric, res.ClaimedValue, res.ComputedValue, res.Tolerance
			c.Agrees, c.Experiment, c.Outcome = res.Agrees, res.Experiment, res.Outcome
			if res.Reason != "" {
				c.Reason = res.Reason
			}
		}
		out = append(out, c)
	}
	return out, nil
}
