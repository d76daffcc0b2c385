package claims

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSources parses the committed table: it is the book's only place for
// a cited number, so a malformed row must stop the build here first.
func TestSources(t *testing.T) {
	rows, err := Sources()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	t.Logf("sources.tsv: %d cited values, e.g. %s = %s (%s, %s)", len(rows), rows[0].ID, rows[0].Value, rows[0].Source, rows[0].Where)
}

func TestParseSourcesErrors(t *testing.T) {
	h := SourcesHeader + "\n"
	for _, tc := range []struct{ name, tsv, want string }{
		{"no header", "id\tvalue\n", "want the header"},
		{"short row", h + "a\t1\tpaper\n", "3 tab-separated fields, want 6"},
		{"space in id", h + "a b\t1\tpaper\t§1\tp\t\n", "without spaces"},
		{"twice", h + "a\t1\tpaper\t§1\tp\t\na\t2\tpaper\t§1\tp\t\n", `sources.tsv:3: id "a" already on line 2`},
		{"no value", h + "a\t\tpaper\t§1\tp\t\n", "empty value"},
		{"no where", h + "a\t1\tpaper\t\tp\t\n", "source, where and protocol are required"},
	} {
		_, err := ParseSources(tc.tsv)
		if assert.Error(t, err, tc.name) {
			assert.Contains(t, err.Error(), tc.want, tc.name)
		}
	}
	rows, err := ParseSources(h + "a\t1\tpaper\t§1\tp\tquoted\n")
	require.NoError(t, err)
	assert.Equal(t, Source{ID: "a", Value: "1", Source: "paper", Where: "§1", Protocol: "p", Note: "quoted", Line: 2}, rows[0])
}
