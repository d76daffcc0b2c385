package exercises

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// minPerChapter is the "at least 3 exercises per chapter".
const minPerChapter = 3

// TestCatalog: every exercise directory is listed and every listed
// exercise has its three files, its function and hints.
func TestCatalog(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "internal" && e.Name() != "testdata" && e.Name() != "solutions" {
			dirs = append(dirs, e.Name())
		}
	}
	var ids []string
	for _, e := range All {
		ids = append(ids, e.ID)
		for _, f := range []string{e.ID + "/exercise.go", e.ID + "/exercise_test.go", e.ID + "/reference_test.go", "../" + e.SolutionFile()} {
			if _, err := os.Stat(filepath.FromSlash(f)); err != nil {
				t.Errorf("%s: %v", e.ID, err)
			}
		}
		if _, err := os.Stat(filepath.Join(e.ID, "solution_test.go")); err == nil {
			t.Errorf("%s: solution_test.go beside the exercise: the solution goes to %s, out of sight", e.ID, e.SolutionFile())
		}
		if _, err := verify.Untouched(filepath.Join(e.ID, verify.StubFile), e.Func); err != nil {
			t.Errorf("%s: %v", e.ID, err)
		}
		if _, err := os.Stat(filepath.Join("..", "chapters", e.Chapter)); err != nil {
			t.Errorf("%s: chapter %q: %v", e.ID, e.Chapter, err)
		}
		if len(e.Hints) < 2 || e.Title == "" {
			t.Errorf("%s: got %d hints and title %q, want at least 2 hints and a title", e.ID, len(e.Hints), e.Title)
		}
	}
	slices.Sort(dirs)
	sorted := slices.Sorted(slices.Values(ids))
	if !slices.Equal(dirs, sorted) {
		t.Errorf("exercise directories %v, catalog %v: they must match", dirs, sorted)
	}
	if len(slices.Compact(sorted)) != len(ids) {
		t.Errorf("duplicate IDs in %v", ids)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !strings.Contains(string(readme), "| `"+id+"` |") {
			t.Errorf("README.md has no row for %s", id)
		}
	}
	if n := len(All); n < 21 {
		t.Errorf("got %d exercises, want at least 21", n)
	}
	// At least three per chapter, in the book's chapter order.
	per := map[string]int{}
	var order []string
	for _, e := range All {
		if per[e.Chapter] == 0 {
			order = append(order, e.Chapter)
		}
		per[e.Chapter]++
	}
	for ch, n := range per {
		if n < minPerChapter {
			t.Errorf("chapter %s has %d exercises, want at least %d", ch, n, minPerChapter)
		}
	}
	switches := 0
	for i := 1; i < len(All); i++ {
		if All[i].Chapter != All[i-1].Chapter {
			switches++
		}
	}
	if switches != len(order)-1 {
		t.Errorf("chapters in the catalog: %d changes of chapter for %d chapters %v, want each chapter's exercises together", switches, len(order), order)
	}
}

func TestParseTestJSON(t *testing.T) {
	f, err := os.Open("testdata/gotest.json") // go test -json of four toy packages a, b, c, d
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exs := []Exercise{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	res, err := ParseTestJSON(f, exs)
	if err != nil {
		t.Fatal(err)
	}
	want := []Result{
		{"a", Broken, "exercises/a/a.go:2:23: undefined: x"},
		{"b", Wrong, "hello\nF: got 1, want 2"},
		{"c", NotStarted, "F still returns its zero value (the check says: got 0, want 55)"},
		{"d", Solved, ""},
		{"e", Broken, ""}, // not in the output at all
	}
	for i := range want {
		if res[i] != want[i] {
			t.Errorf("got %+v, want %+v", res[i], want[i])
		}
	}
	if _, err := ParseTestJSON(strings.NewReader("FAIL\tsomething\n"), exs); err == nil {
		t.Errorf("plain text: got no error, want one")
	}
}

// fixture writes a module of its own under a temporary directory: the
// verify package copied from this tree and four toy exercises, one per
// state, so that TestCheck never depends on what a reader did to the real
// exercise.go files (it used to assume they were stubs, and a solved
// exercise turned the root go test red).
func fixture(t *testing.T) (root string, exs []Exercise) {
	t.Helper()
	root = t.TempDir()
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := ""
	for _, l := range strings.Split(string(gomod), "\n") {
		if strings.HasPrefix(l, "go ") {
			goLine = l
		}
	}
	files := map[string]string{"go.mod": "module " + ModulePath + "\n\n" + goLine + "\n"}
	srcs, err := filepath.Glob("internal/verify/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range srcs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files["exercises/"+filepath.ToSlash(f)] = string(b)
	}
	toy := func(id, body string) {
		pkg := strings.ReplaceAll(id, "-", "")
		files["exercises/"+id+"/exercise.go"] = "package " + pkg + "\n\nfunc F() int {\n\t" + body + "\n}\n"
		files["exercises/"+id+"/exercise_test.go"] = `package ` + pkg + `_test

import (
	"fmt"
	"testing"

	ex "` + ModulePath + `/exercises/` + id + `"
	"` + ModulePath + `/exercises/internal/verify"
)

func check(f func() int) error {
	if got := f(); got != 55 {
		return fmt.Errorf("F: got %d, want 55", got)
	}
	return nil
}

func TestExercise(t *testing.T) {
	verify.Run(t, verify.Case[func() int]{Func: "F", Yours: ex.F, Check: check})
}
`
		exs = append(exs, Exercise{ID: id, Func: "F"})
	}
	toy("stub", "return 0")
	toy("solved", "return 55")
	toy("wrong", "return 54")
	toy("broken", "return x")
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, exs
}

// TestCheck runs the real go test over the fixture's four exercises.
func TestCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test in a child process")
	}
	root, exs := fixture(t)
	t.Setenv("CI", "true") // Check drops it: an edited exercise.go is the reader's work
	// -trimpath: the fixture's packages, in a new directory each run,
	// then share the build cache across runs (without it their absolute
	// paths make them new packages each time).
	t.Setenv("GOFLAGS", "-trimpath")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Check(ctx, root, exs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		state State
		msg   string
	}{
		"stub":   {NotStarted, "F still returns its zero value (the check says: F: got 0, want 55)"},
		"solved": {Solved, ""},
		"wrong":  {Wrong, "F: F: got 54, want 55"},
		"broken": {Broken, "undefined: x"},
	}
	for _, r := range res {
		w := want[r.ID]
		if r.State != w.state || !strings.Contains(r.Message, w.msg) {
			t.Errorf("%s: got %v %q, want %v %q", r.ID, r.State, r.Message, w.state, w.msg)
		}
	}
}

func TestRoot(t *testing.T) {
	root, err := Root("internal/verify")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "exercises", "catalog.go")); err != nil {
		t.Errorf("Root: got %s, which has no exercises/catalog.go", root)
	}
	if _, err := Root(t.TempDir()); err == nil {
		t.Errorf("Root of a temporary directory: got no error, want one")
	}
}

func TestHints(t *testing.T) {
	p := &Progress{Exercises: map[string]*Record{}}
	e := Exercise{ID: "x", Hints: []string{"one", "two", "three"}}
	for i, want := range []string{"one", "two", "three"} {
		n, h, err := p.Hint(e, 0)
		if err != nil || n != i+1 || h != want {
			t.Fatalf("call %d: got %d %q %v, want %d %q", i+1, n, h, err, i+1, want)
		}
	}
	if n, h, err := p.Hint(e, 0); err != nil || n != 0 || h != "" || p.Exercises["x"].HintsSeen != 3 {
		t.Errorf("after the last hint: got %d %q %v, want 0 and no error (seeing every hint is not a mistake)", n, h, err)
	}
	if n, h, err := p.Hint(e, 2); err != nil || n != 2 || h != "two" || p.Exercises["x"].HintsSeen != 3 {
		t.Errorf("-n 2: got %d %q %v (seen %d), want hint 2 and still 3 seen", n, h, err, p.Exercises["x"].HintsSeen)
	}
	if _, _, err := p.Hint(e, 4); err == nil {
		t.Errorf("-n 4 of 3: got no error")
	}
	q := &Progress{Exercises: map[string]*Record{}}
	if n, _, _ := q.Hint(e, 2); n != 2 || q.Exercises["x"].HintsSeen != 2 {
		t.Errorf("-n 2 first: got hint %d, seen %d; want 2 and 2", n, q.Exercises["x"].HintsSeen)
	}
	if n, _, _ := q.Hint(e, 0); n != 3 {
		t.Errorf("next after -n 2: got hint %d, want 3", n)
	}
}

func TestProgressSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "progress.json")
	p, _, err := LoadProgress(path)
	if err != nil || len(p.Exercises) != 0 {
		t.Fatalf("missing file: got %+v %v, want empty progress", p, err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.Note([]Result{{ID: "a", State: Solved}, {ID: "b", State: Wrong}}, now)
	p.Record("c").HintsSeen = 2
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	p.Note([]Result{{ID: "a", State: Solved}}, later)
	if err := p.Save(path); err != nil { // over the existing file
		t.Fatal(err)
	}
	q, _, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if a := q.Exercises["a"]; a.State != "solved" || !a.Solved.Equal(now) || !a.Checked.Equal(later) {
		t.Errorf("a: got %+v, want solved first at %v, checked at %v", a, now, later)
	}
	if b, c := q.Exercises["b"], q.Exercises["c"]; b.State != "wrong" || !b.Solved.IsZero() || c.HintsSeen != 2 {
		t.Errorf("b, c: got %+v %+v", b, c)
	}
	left, _ := os.ReadDir(filepath.Dir(path))
	if len(left) != 1 {
		t.Errorf("directory holds %d files after two saves, want 1 (no temporary file left)", len(left))
	}
	// A save that cannot rename leaves the old file whole.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(filepath.Join(dir, "blocker", "progress.json")); err == nil {
		t.Errorf("saving under a file: got no error")
	}
}

// TestProgressCorrupt: a damaged progress file is set aside as .bad, with
// a warning naming both files, and the progress starts afresh; the next
// update writes a good file beside the .bad one.
func TestProgressCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	damaged := []byte(`{"version": 1, "exercises": {"lenet-c3": {"hints_seen": 2`)
	if err := os.WriteFile(path, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	warning, err := UpdateProgress(path, func(p *Progress) error {
		if len(p.Exercises) != 0 {
			t.Errorf("after a damaged file: got %d records, want a fresh start", len(p.Exercises))
		}
		p.Record("vgg-params").HintsSeen = 1
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warning, "damaged") || !strings.Contains(warning, path+".bad") {
		t.Errorf("warning: got %q, want it to say the file is damaged and set aside as %s.bad", warning, path)
	}
	if b, err := os.ReadFile(path + ".bad"); err != nil || !bytes.Equal(b, damaged) {
		t.Errorf("%s.bad: got %q %v, want the damaged file whole", path, b, err)
	}
	p, warning, err := LoadProgress(path)
	if err != nil || warning != "" || p.Exercises["vgg-params"].HintsSeen != 1 {
		t.Errorf("after the fresh start: got %+v %q %v, want vgg-params with 1 hint and no warning", p, warning, err)
	}
}

// TestProgressConcurrent: two writers updating the same file at once,
// as book hint does while book exercises records its checks, lose no
// update: each one's read-modify-write holds the lock.
func TestProgressConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for _, id := range []string{"hinter", "checker"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				_, err := UpdateProgress(path, func(p *Progress) error {
					r := p.Record(id)
					r.HintsSeen++
					if id == "checker" {
						p.Note([]Result{{ID: "other", State: Wrong}}, time.Unix(int64(i), 0))
					}
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	p, _, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"hinter", "checker"} {
		if got := p.Record(id).HintsSeen; got != n {
			t.Errorf("%s: got %d updates, want %d (the others were lost)", id, got, n)
		}
	}
}

func TestProgressPath(t *testing.T) {
	t.Setenv(ProgressEnv, "/somewhere/p.json")
	if p, err := ProgressPath(); err != nil || p != "/somewhere/p.json" {
		t.Errorf("got %q %v, want $%s", p, err, ProgressEnv)
	}
	t.Setenv(ProgressEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	if p, err := ProgressPath(); err != nil || p != filepath.Join("/cfg", "cnnbook", "progress.json") {
		t.Errorf("got %q %v, want /cfg/cnnbook/progress.json", p, err)
	}
}
