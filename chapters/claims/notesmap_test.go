package claims

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The notes map covers every non-blank line of the notes, and every
// heading of the notes has the book anchor that teaches it.
func TestNotesMap(t *testing.T) {
	rows, err := NotesMap()
	require.NoError(t, err)
	notes := strings.Split(Notes, "\n")
	for _, r := range rows {
		if strings.HasPrefix(strings.TrimSpace(notes[r.First-1]), "#") {
			t.Logf("notes line %d %q → %s", r.First, strings.TrimSpace(notes[r.First-1]), r.Anchor)
		}
	}
}
