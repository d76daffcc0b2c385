package book

import (
	"math/big"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/chapters/claims"
)

func TestBigHTML(t *testing.T) {
	for _, tc := range []struct {
		n    *big.Int
		want string
	}{
		{big.NewInt(1), "1"},
		{big.NewInt(262144), "262,144"},
		{new(big.Int).Lsh(big.NewInt(1), 54), `<span title="18014398509481984">2<sup>54</sup></span>`}, // resnet110
		{new(big.Int).Exp(big.NewInt(3), big.NewInt(40), nil), `<span title="12157665459056928801">1.22×10<sup>19</sup></span>`},
	} {
		if got := bigHTML(tc.n); got != tc.want {
			t.Errorf("bigHTML(%s): got %s, want %s", tc.n, got, tc.want)
		}
	}
}

// TestNotesSections: each chapter follows its numbered section of the
// notes ("# 4. VGG Net" for chapter 4), and the sections tile the notes.
func TestNotesSections(t *testing.T) {
	prev := 0
	for i, c := range chapters {
		from, to := notesSection(i)
		if from == 0 || to <= from {
			t.Fatalf("%s: notes lines %d–%d, want a numbered section", c.Slug, from, to)
		}
		if prev != 0 && from != prev+1 {
			t.Errorf("%s: starts at line %d, want %d (right after the previous section)", c.Slug, from, prev+1)
		}
		prev = to
	}
	if from, _ := notesSection(3); from != 106 { // notes.ko.md:106 "# 4. VGG Net"
		t.Errorf("vgg: got line %d, want 106", from)
	}
	if _, to := notesSection(len(chapters) - 1); to != len(strings.Split(claims.Notes, "\n")) {
		t.Errorf("variants: ends at line %d, want the last line of the notes, %d", to, len(strings.Split(claims.Notes, "\n")))
	}
}
