package book

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// No number the code computes is typed into the prose: a chapter's
// Markdown writes `book:value CHAPTER/NAME` (computed by the chapter's
// Values) or `book:cite ROW` (a row of chapters/claims/sources.tsv), and
// TestNoTypedNumbers fails on any other number of three or more
// significant digits (handTypedNumbers says what counts).
//
// numbersAllowed lists the occurrences not converted yet, one per line
// ("FILE<TAB>NUMBER"); the test fails when an entry no longer occurs, so
// the list only shrinks. When it is empty it goes away.
const numbersAllowed = "testdata/numbers-allowed.tsv"

// typedNumber is a number found in prose.
type typedNumber struct {
	File string
	Line int
	Num  string
	Text string // the line, for the message
}

var (
	// A number: digits with thousands separators or plain, then an
	// optional decimal part.
	numberRe = regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`)
	// What is not prose: inline code spans (the directives among them
	// are dropped, the rest scanned), link destinations, autolinks and
	// bare URLs, HTML comments.
	codeSpanRe = regexp.MustCompile("`[^`]*`")
	linkDestRe = regexp.MustCompile(`\]\([^)\s]*(?:\s+"[^"]*")?\)`)
	urlRe      = regexp.MustCompile(`<?https?://[^\s>)]*>?`)
	commentRe  = regexp.MustCompile(`<!--.*?-->`)
	refDefRe   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S+`)
	fenceRe    = regexp.MustCompile("^\\s{0,3}(```+|~~~+)")
)

// significant counts a number's significant digits: leading zeros never
// count, nor an integer's trailing zeros ("60,000" has one, "0.0005" one,
// "1.7159" five, "224" three).
func significant(num string) int {
	s := strings.ReplaceAll(num, ",", "")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	digits := intPart + frac
	digits = strings.TrimLeft(digits, "0")
	if !hasFrac {
		digits = strings.TrimRight(digits, "0")
	}
	return len(digits)
}

// handTypedNumbers returns the numbers of three or more significant
// digits in a Markdown file outside the book's directives. Not prose,
// and so not scanned: fenced code blocks (listings and the book's
// directive blocks), link destinations and URLs, HTML comments. Not a
// number: digits glued to a letter, an underscore or a dot before them
// (conv3_2, inception4a, v1.2) and a name's suffix after a hyphen
// (ResNet-110, DenseNet-121).
func handTypedNumbers(file string, src []byte) []typedNumber {
	var out []typedNumber
	fence := ""
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := fenceRe.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case strings.HasPrefix(m[1], fence) && strings.TrimSpace(line) == m[1]:
				fence = ""
			}
			continue
		}
		if fence != "" || refDefRe.MatchString(line) {
			continue
		}
		s := commentRe.ReplaceAllString(line, " ")
		s = codeSpanRe.ReplaceAllStringFunc(s, func(span string) string {
			if _, _, ok := inlineDirective(strings.Trim(span, "`")); ok {
				return " "
			}
			return " " + strings.Trim(span, "`") + " "
		})
		s = linkDestRe.ReplaceAllString(s, "] ")
		s = urlRe.ReplaceAllString(s, " ")
		for _, loc := range numberRe.FindAllStringIndex(s, -1) {
			num := s[loc[0]:loc[1]]
			if glued(s[:loc[0]]) || significant(num) < 3 {
				continue
			}
			out = append(out, typedNumber{File: file, Line: n, Num: num, Text: strings.TrimSpace(line)})
		}
	}
	return out
}

// glued says whether the text before a number makes it part of a name:
// a letter, digit, underscore or dot right before it, or a hyphen after
// a letter (ResNet-110).
func glued(before string) bool {
	r, size := utf8.DecodeLastRuneInString(before)
	switch {
	case size == 0:
		return false
	case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.':
		return true
	case r == '-':
		p, _ := utf8.DecodeLastRuneInString(before[:len(before)-size])
		return unicode.IsLetter(p)
	}
	return false
}

func TestSignificant(t *testing.T) {
	for num, want := range map[string]int{"224": 3, "1,516": 4, "60,000": 1, "0.0005": 1, "1.7159": 5, "15.3": 3, "3.57": 3, "100": 1, "1998": 4, "2.0": 2, "0.95": 2} {
		if got := significant(num); got != want {
			t.Errorf("significant(%q) = %d, want %d", num, got, want)
		}
	}
}

func TestHandTypedNumbers(t *testing.T) {
	md := "# VGG-16 and ResNet-110\n\n" +
		"It has 1,516 parameters and `book:value lenet/c3-params` more; 3×3 kernels, 60,000 images.\n" +
		"```go\nx := 12345\n```\n" +
		"See [the paper](https://arxiv.org/abs/1512.03385) and conv3_2, inception4a, a `-input 3,227,227` flag.\n" +
		"Maths too: $f(a) = 1.7159 \\tanh(S a)$; <!-- 999 --> error 15.3%.\n"
	var got []string
	for _, n := range handTypedNumbers("x.md", []byte(md)) {
		got = append(got, fmt.Sprintf("%d:%s", n.Line, n.Num))
	}
	want := []string{"3:1,516", "7:3,227,227", "8:1.7159", "8:15.3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestNoTypedNumbers scans every chapter's README.md.
func TestNoTypedNumbers(t *testing.T) {
	files, err := filepath.Glob("../chapters/*/README.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no chapter READMEs found (%v)", err)
	}
	allowed := map[string]int{} // "FILE\tNUMBER" → occurrences still allowed
	var order []string
	if data, err := os.ReadFile(numbersAllowed); err == nil {
		for i, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if l = strings.TrimSpace(l); l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			if strings.Count(l, "\t") != 1 {
				t.Fatalf("%s:%d: want FILE<TAB>NUMBER, got %q", numbersAllowed, i+1, l)
			}
			if allowed[l] == 0 {
				order = append(order, l)
			}
			allowed[l]++
		}
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var bad []string
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(filepath.ToSlash(f), "../")
		found := handTypedNumbers(rel, data)
		total += len(found)
		for _, n := range found {
			key := n.File + "\t" + n.Num
			if allowed[key] > 0 {
				allowed[key]--
				continue
			}
			bad = append(bad, fmt.Sprintf("%s:%d: %s typed by hand (use `book:value CHAPTER/NAME` or `book:cite ROW`): %s", n.File, n.Line, n.Num, n.Text))
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	for _, k := range order {
		if allowed[k] > 0 {
			t.Errorf("%s: %q is allowed %d more time(s) than it occurs: delete the line(s) (the list only shrinks)", numbersAllowed, k, allowed[k])
		}
	}
	t.Logf("%d chapter files, %d numbers of ≥3 significant digits outside directives (each on %s until converted)", len(files), total, numbersAllowed)
}
