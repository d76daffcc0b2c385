package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnnbook/cnnbook/exercises"
)

// isolate points the progress file at a temporary directory (and the
// user's config directory too, should anything fall back to it).
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("HOME", filepath.Join(dir, "home"))
	path := filepath.Join(dir, "progress.json")
	t.Setenv(exercises.ProgressEnv, path)
	return path
}

// fakeCheck replaces the go test child process with fixed results.
func fakeCheck(t *testing.T, states map[string]exercises.Result) *[]string {
	t.Helper()
	var checked []string
	old, oldNow := checkExercises, now
	t.Cleanup(func() { checkExercises, now = old, oldNow })
	now = func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }
	checkExercises = func(_ context.Context, root string, exs []exercises.Exercise) ([]exercises.Result, error) {
		if _, err := os.Stat(filepath.Join(root, "exercises", "catalog.go")); err != nil {
			t.Errorf("checked from root %s: %v", root, err)
		}
		var res []exercises.Result
		for _, e := range exs {
			checked = append(checked, e.ID)
			r, ok := states[e.ID]
			if !ok {
				r = exercises.Result{State: exercises.NotStarted}
			}
			r.ID = e.ID
			res = append(res, r)
		}
		return res, nil
	}
	return &checked
}

func TestExercisesCommand(t *testing.T) {
	path := isolate(t)
	checked := fakeCheck(t, map[string]exercises.Result{
		"conv-output-size": {State: exercises.Solved},
		"lenet-c3":         {State: exercises.Wrong, Message: "C3: got 1500 parameters, want 1,516\nline 2\nline 3\nline 4\nline 5\nline 6"},
		"vgg-params":       {State: exercises.Broken, Message: "exercise.go:3:1: syntax error"},
	})
	var out bytes.Buffer
	if err := run([]string{"exercises"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		fmt.Sprintf("1 of %d exercises solved.", len(exercises.All)),
		"✓ conv-output-size ",
		"✗ lenet-c3 ",
		"    C3: got 1500 parameters, want 1,516\n",
		"… (2 more lines: book exercises -v)",
		"! vgg-params ",
		"(does not compile)\n    exercise.go:3:1: syntax error",
		"· resnet-paths ",
		"progress: " + path,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if len(*checked) != len(exercises.All) {
		t.Errorf("checked %d exercises, want all %d", len(*checked), len(exercises.All))
	}
	p, _, err := exercises.LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Exercises["conv-output-size"]; r == nil || r.State != "solved" || r.Solved.IsZero() {
		t.Errorf("progress of conv-output-size: got %+v, want solved with a date", r)
	}
	if r := p.Exercises["lenet-c3"]; r == nil || r.State != "wrong" || !r.Solved.IsZero() {
		t.Errorf("progress of lenet-c3: got %+v, want wrong", r)
	}

	// -v prints the whole message; IDs restrict the check.
	out.Reset()
	*checked = nil
	if err := run([]string{"exercises", "-v", "lenet-c3"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "    line 6\n") || strings.Join(*checked, ",") != "lenet-c3" {
		t.Errorf("exercises -v lenet-c3: checked %v, output:\n%s", *checked, out.String())
	}
	if err := run([]string{"exercises", "no-such"}, &out, &out); err == nil || !strings.Contains(err.Error(), `no exercise "no-such"`) {
		t.Errorf("unknown exercise: got %v", err)
	}
}

func TestHintCommand(t *testing.T) {
	path := isolate(t)
	e, err := exercises.Lookup("resnet-paths")
	if err != nil {
		t.Fatal(err)
	}
	hint := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(append([]string{"hint"}, args...), &out, &out)
		return out.String(), err
	}
	for i := range e.Hints {
		got, err := hint("resnet-paths")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, e.Hints[i]) || !strings.HasPrefix(got, "resnet-paths, hint "+string(rune('1'+i))+" of 3:") {
			t.Errorf("call %d: got %q, want hint %d", i+1, got, i+1)
		}
		p, _, err := exercises.LoadProgress(path)
		if err != nil || p.Exercises["resnet-paths"].HintsSeen != i+1 {
			t.Errorf("after call %d: progress %+v %v, want %d hints seen", i+1, p, err, i+1)
		}
	}
	if got, err := hint("resnet-paths"); err != nil || !strings.Contains(got, "all 3 hints seen") || !strings.Contains(got, e.SolutionFile()) {
		t.Errorf("after the last hint: got %q %v, want no error and the solution's path", got, err)
	}
	for _, args := range [][]string{{"-n", "2", "resnet-paths"}, {"resnet-paths", "-n", "2"}} {
		if got, err := hint(args...); err != nil || !strings.Contains(got, e.Hints[1]) {
			t.Errorf("hint %v: got %q %v, want hint 2", args, got, err)
		}
	}
	// -progress overrides the environment.
	other := filepath.Join(t.TempDir(), "other.json")
	if _, err := hint("-progress", other, "lenet-c3"); err != nil {
		t.Fatal(err)
	}
	// … before the command too (a global flag), and after the ID.
	if err := run([]string{"-progress", other, "hint", "vgg-params"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := hint("densenet-channels", "-progress="+other); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := exercises.LoadProgress(other); p.Exercises["lenet-c3"] == nil || p.Exercises["vgg-params"] == nil || p.Exercises["densenet-channels"] == nil {
		t.Errorf("-progress %s: got %v recorded there, want lenet-c3, vgg-params and densenet-channels", other, p.Exercises)
	}
	if p, _, _ := exercises.LoadProgress(path); p.Exercises["lenet-c3"] != nil || p.Exercises["vgg-params"] != nil {
		t.Errorf("-progress: recorded in the default file too")
	}
	for _, bad := range [][]string{{}, {"no-such"}, {"resnet-paths", "-n", "9"}, {"a", "b"}} {
		if _, err := hint(bad...); err == nil {
			t.Errorf("hint %v: got no error", bad)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".progress-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestExercisesFlagsAnywhere: -progress before the command, -v after the
// IDs; a damaged progress file is set aside with a warning.
func TestExercisesFlagsAnywhere(t *testing.T) {
	isolate(t)
	checked := fakeCheck(t, nil)
	other := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(other, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"-progress", other, "exercises", "lenet-c3", "-v", "vgg-params"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(*checked, ","); got != "lenet-c3,vgg-params" {
		t.Errorf("checked %s, want lenet-c3,vgg-params", got)
	}
	for _, want := range []string{"warning: progress file " + other + " is damaged", other + ".bad", "progress: " + other} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if p, warning, err := exercises.LoadProgress(other); err != nil || warning != "" || p.Exercises["lenet-c3"] == nil {
		t.Errorf("after the fresh start: got %v %q %v", p, warning, err)
	}
	if err := run([]string{"-progress"}, &out, &out); err == nil {
		t.Errorf("-progress without a file: got no error")
	}
}

// copyTree copies the module at root into dir, without .git and the
// generated book (docs/, figures/): what a reader's clone holds.
func copyTree(t *testing.T, root, dir string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && (rel == ".git" || rel == "docs" || rel == "figures") {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSolvedExerciseStaysGreen solves one exercise in a temporary copy of
// the tree, as a reader does in their clone, then runs go test over every
// package of the exercises tree (the packages whose tests see a reader's
// files; TestExerciseShowsTheTask covers the book's page) and the real
// `book exercises`: the tests stay green and the exercise is reported
// solved. (Solving the README's example used to turn TestCheck red.)
func TestSolvedExerciseStaysGreen(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the tree and runs go test in it")
	}
	root, err := exercises.Root(".")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	dir := t.TempDir()
	copyTree(t, root, dir)
	t.Logf("copied in %v", time.Since(start))
	file := filepath.Join(dir, "exercises", "conv-output-size", "exercise.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	solved := strings.Replace(string(src), "\treturn 0\n}", "\treturn (in+2*p-k)/s + 1\n}", 1)
	if solved == string(src) {
		t.Fatal("conv-output-size's stub has no \"return 0\" to replace")
	}
	if err := os.WriteFile(file, []byte(solved), 0o644); err != nil {
		t.Fatal(err)
	}
	// -trimpath: the copy's packages share the build cache across runs
	// (without it their absolute paths make them new each time).
	t.Setenv("GOFLAGS", "-trimpath")
	t.Setenv("CI", "") // a reader's shell
	cmd := exec.Command("go", "test", "./exercises/...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test ./exercises/... in the copy with conv-output-size solved: %v\n%s", err, out)
	}
	t.Logf("go test ./exercises/... in %v:\n%s", time.Since(start), out)
	// isolate moves $HOME: keep the go command's caches where they are.
	env, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	goEnv := strings.Split(strings.TrimSpace(string(env)), "\n")
	if len(goEnv) != 3 {
		t.Fatalf("go env: got %q, want three lines", env)
	}
	isolate(t)
	for i, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		t.Setenv(k, goEnv[i])
	}
	start = time.Now()
	t.Chdir(dir)
	var buf bytes.Buffer
	if err := run([]string{"exercises", "conv-output-size", "resnet-paths"}, &buf, &buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("book exercises in %v", time.Since(start))
	for _, want := range []string{"1 of 2 exercises solved", "✓ conv-output-size", "· resnet-paths"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("book exercises in the copy: output lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestHintAfterPass: once the check has passed, book hint shows the
// reference solution for comparison.
func TestHintAfterPass(t *testing.T) {
	path := isolate(t)
	if _, err := exercises.UpdateProgress(path, func(p *exercises.Progress) error {
		p.Note([]exercises.Result{{ID: "conv-output-size", State: exercises.Solved}}, time.Now())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"hint", "conv-output-size"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hint 1 of 3", "You solved conv-output-size", "exercises/solutions/conv-output-size/solution.go", "func OutputSize(in, k, s, p int) int {"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestExercisesNext: next shows the first exercise, in the catalog's
// order, that is not solved, with its task and the progress line.
func TestExercisesNext(t *testing.T) {
	isolate(t)
	first := exercises.All[0]
	second := exercises.All[1]
	fakeCheck(t, map[string]exercises.Result{
		first.ID:  {State: exercises.Solved},
		second.ID: {State: exercises.Wrong, Message: "got 56, want 55: this is what rounding up gives"},
	})
	var out bytes.Buffer
	if err := run([]string{"exercises", "next"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		second.ID + " (" + second.Chapter + " chapter)",
		"write " + second.Func + " in " + second.Dir() + "/exercise.go",
		"state: wrong",
		"this is what rounding up gives",
		fmt.Sprintf("1 of %d exercises solved", len(exercises.All)),
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestExercisesWatch: watch checks at once, then again when an exercise
// file changes.
func TestExercisesWatch(t *testing.T) {
	path := isolate(t)
	root := t.TempDir()
	e := exercises.All[0]
	file := filepath.Join(root, filepath.FromSlash(e.Dir()), "exercise.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	for f, data := range map[string]string{file: "package x\n", filepath.Join(root, "exercises", "catalog.go"): "package exercises\n"} {
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fakeCheck(t, nil)
	old := watchInterval
	watchInterval = 5 * time.Millisecond
	t.Cleanup(func() { watchInterval = old })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error)
	go func() { done <- exercisesWatch(ctx, root, path, &out) }()
	wait := func(n int) {
		t.Helper()
		for range 400 {
			if strings.Count(out.String(), "watching the exercises") >= n {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("no check number %d:\n%s", n, out.String())
	}
	wait(1)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	wait(2)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "state: not started"); got != 2 {
		t.Errorf("got %d checks shown, want 2 (one at start, one after the save):\n%s", got, out.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestExercisesReset: reset asks, keeps the reader's version as .bak and
// puts the stub from git history back.
func TestExercisesReset(t *testing.T) {
	isolate(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	e, _ := exercises.Lookup("conv-output-size")
	rel := filepath.FromSlash(e.Dir() + "/exercise.go")
	stub, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+exercises.ModulePath+"\n")
	write(rel, string(stub))
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=r", "-c", "user.email=r@example.com"}, args...)...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "stub")
	solved := strings.Replace(string(stub), "\treturn 0\n}", "\treturn (in+2*p-k)/s + 1\n}", 1)
	write(rel, solved)
	git("commit", "-q", "-am", "my answer") // even committed, the stub is found
	t.Chdir(root)
	for _, c := range []struct {
		answer, want string
		reset        bool
	}{{"n\n", "not reset", false}, {"y\n", "is the stub again", true}} {
		stdin = strings.NewReader(c.answer)
		var out bytes.Buffer
		if err := run([]string{"exercises", "reset", e.ID}, &out, &out); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(root, rel))
		if !strings.Contains(out.String(), c.want) || (string(got) == string(stub)) != c.reset {
			t.Errorf("answer %q: got %q, stub back %v; want %q, %v", c.answer, out.String(), string(got) == string(stub), c.want, c.reset)
		}
	}
	stdin = os.Stdin
	if bak, err := os.ReadFile(filepath.Join(root, rel+".bak")); err != nil || string(bak) != solved {
		t.Errorf("%s.bak: got %v, want the reader's version", rel, err)
	}
}
