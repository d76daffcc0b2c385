package claims

import (
	_ "embed"
	"fmt"
	"strings"
)

// SourcesTSV is the committed table of cited numbers: one row per value a
// reader cannot compute here (a paper's error rate, a year, a data set's
// size), each with where it is printed. Rows are appended, never
// reordered. Chapter Markdown shows a row's value with `book:cite ID`.
//
//go:embed sources.tsv
var SourcesTSV string

// SourcesHeader is the first line of sources.tsv, tab-separated.
const SourcesHeader = "id\tvalue\tsource\twhere\tprotocol\tnote"

// Source is one row of sources.tsv.
type Source struct {
	ID       string // "alexnet-top5-2012"
	Value    string // as printed: "15.3%"
	Source   string // the work: authors, title, venue
	Where    string // table, page or section: "§6, Table 2"
	Protocol string // what was measured and how: "ILSVRC-2012 test set, top-5 error, 7 CNNs"
	Note     string // optional: a quote or a paraphrase
	Line     int    // 1-based line in sources.tsv
}

// Sources parses sources.tsv. Every row has the six columns, a unique
// id without spaces, and a value, source, where and protocol; an error
// names the line and what is wrong.
func Sources() ([]Source, error) { return ParseSources(SourcesTSV) }

// ParseSources parses a table in the format of sources.tsv.
func ParseSources(tsv string) ([]Source, error) {
	lines := strings.Split(strings.TrimSuffix(tsv, "\n"), "\n")
	if len(lines) == 0 || strings.TrimSuffix(lines[0], "\r") != SourcesHeader {
		return nil, fmt.Errorf("sources.tsv:1: want the header %q", SourcesHeader)
	}
	var out []Source
	seen := map[string]int{}
	for i, l := range lines[1:] {
		n := i + 2
		f := strings.Split(strings.TrimSuffix(l, "\r"), "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("sources.tsv:%d: %d tab-separated fields, want 6 (%s)", n, len(f), strings.ReplaceAll(SourcesHeader, "\t", ", "))
		}
		s := Source{ID: f[0], Value: f[1], Source: f[2], Where: f[3], Protocol: f[4], Note: f[5], Line: n}
		switch {
		case s.ID == "" || strings.ContainsAny(s.ID, " `/"):
			return nil, fmt.Errorf("sources.tsv:%d: id %q: want a non-empty id without spaces, backquotes or slashes", n, s.ID)
		case seen[s.ID] > 0:
			return nil, fmt.Errorf("sources.tsv:%d: id %q already on line %d", n, s.ID, seen[s.ID])
		case s.Value == "":
			return nil, fmt.Errorf("sources.tsv:%d: %s: empty value", n, s.ID)
		case s.Source == "" || s.Where == "" || s.Protocol == "":
			return nil, fmt.Errorf("sources.tsv:%d: %s: source, where and protocol are required (say where the number is printed and what it measures)", n, s.ID)
		}
		seen[s.ID] = n
		out = append(out, s)
	}
	return out, nil
}
