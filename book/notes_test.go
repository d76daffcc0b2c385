package book

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

// TestNotesPage: notes.html shows no raw $…$ formula and no Obsidian
// embed, and every heading of the notes links to the book section the
// notes map gives it.
func TestNotesPage(t *testing.T) {
	page := string(site(t).Docs["notes.html"])
	if strings.Contains(page, "![[") {
		t.Error("notes.html shows an Obsidian embed ![[…]]")
	}
	if m := regexp.MustCompile(`\$[^$<]{1,40}\$`).FindString(page); m != "" {
		t.Errorf("notes.html shows a raw formula %q", m)
	}
	rows, err := claims.NotesMap()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(claims.Notes, "\n")
	headings := 0
	for _, r := range rows {
		for l := r.First; l <= r.Last; l++ {
			if !headingRe.MatchString(lines[l-1]) {
				continue
			}
			headings++
			want := `id="L` + itoa(l) + `"><a class="n" href="#L` + itoa(l) + `">` + itoa(l) + `</a><span class="t"><a class="to-book" href="` + r.Anchor + `">`
			if !strings.Contains(page, want) {
				t.Errorf("notes line %d (%s): heading not linked to %s", l, lines[l-1], r.Anchor)
			}
		}
	}
	if headings < 40 {
		t.Errorf("checked %d headings; the notes have more", headings)
	}
	t.Logf("%d headings of the notes each link to their section of the book; %d formulas typeset; %d embeds replaced",
		headings, strings.Count(page, "<math"), strings.Count(page, `class="embed"`))
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestNotesEmbedsPlaced: every image the notes embed has its stand-in,
// and no stand-in is left for an image the notes no longer embed.
func TestNotesEmbedsPlaced(t *testing.T) {
	used := map[string]bool{}
	for _, m := range embedRe.FindAllStringSubmatch(claims.Notes, -1) {
		used[m[1]] = true
		if _, ok := notesEmbeds[m[1]]; !ok {
			t.Errorf("the notes embed %q and notesEmbeds has no stand-in", m[1])
		}
	}
	for f := range notesEmbeds {
		if !used[f] {
			t.Errorf("notesEmbeds places %q, which the notes do not embed", f)
		}
	}
}
