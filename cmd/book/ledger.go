package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/cnnbook/cnnbook/chapters/all"
	"github.com/cnnbook/cnnbook/chapters/claims"
)

// ledgerEntry is one entry of `book ledger -json`.
type ledgerEntry struct {
	ID          string `json:"id"`
	Chapter     string `json:"chapter"`
	Lines       [2]int `json:"lines"`
	Verdict     string `json:"verdict"`
	NotesQuote  string `json:"notes_quote"`
	SourceQuote string `json:"source_quote"`
	QuoteKind   string `json:"quote_kind"`
	Claimed     string `json:"claimed"`
	Computed    string `json:"computed"`
	Cited       string `json:"cited"`
	Source      string `json:"source"`
	Reason      string `json:"reason"`
}

// ledger prints the claims ledger: one line per entry and the counts, or
// with -json one object {"entries": [...], "coverage": {"<line>": ...}}.
func ledger(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("ledger", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one JSON object for tools")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("ledger takes no arguments, got %q", fs.Args())
	}
	cs, err := all.Claims()
	if err != nil {
		return err
	}
	cover, err := claims.Coverage(cs)
	if err != nil {
		return err
	}
	if !*asJSON {
		n := map[claims.Verdict]int{}
		for _, c := range cs {
			first, last := c.Lines()
			fmt.Fprintf(stdout, "%-40s %-18s notes %d-%d\n", c.ID, c.Verdict(), first, last)
			n[c.Verdict()]++
		}
		fmt.Fprintf(stdout, "%d entries:", len(cs))
		for _, v := range claims.Verdicts {
			fmt.Fprintf(stdout, " %d %s", n[v], v)
		}
		fmt.Fprintf(stdout, "; %d of %d non-blank lines of the notes mapped\n", len(cover), claims.NonBlank())
		return nil
	}
	out := struct {
		Entries  []ledgerEntry           `json:"entries"`
		Coverage map[string]claims.Cover `json:"coverage"`
	}{Entries: []ledgerEntry{}, Coverage: map[string]claims.Cover{}}
	for _, c := range cs {
		first, last := c.Lines()
		words, kind := c.SourceWords()
		out.Entries = append(out.Entries, ledgerEntry{ID: c.ID, Chapter: c.Chapter, Lines: [2]int{first, last},
			Verdict: string(c.Verdict()), NotesQuote: c.NotesQuote, SourceQuote: words, QuoteKind: string(kind),
			Claimed: c.Claimed, Computed: c.Computed, Cited: c.Cited, Source: c.Source, Reason: c.Reason})
	}
	for l, cv := range cover {
		out.Coverage[strconv.Itoa(l)] = cv
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
