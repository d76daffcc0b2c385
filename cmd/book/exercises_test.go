package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
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
		"1 of 11 exercises solved.",
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
	p, err := exercises.LoadProgress(path)
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
		p, err := exercises.LoadProgress(path)
		if err != nil || p.Exercises["resnet-paths"].HintsSeen != i+1 {
			t.Errorf("after call %d: progress %+v %v, want %d hints seen", i+1, p, err, i+1)
		}
	}
	if _, err := hint("resnet-paths"); err == nil || !strings.Contains(err.Error(), "exercises/resnet-paths/solution_test.go") {
		t.Errorf("after the last hint: got %v, want the solution's path", err)
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
	if p, _ := exercises.LoadProgress(other); p.Exercises["lenet-c3"] == nil {
		t.Errorf("-progress %s: nothing recorded there", other)
	}
	if p, _ := exercises.LoadProgress(path); p.Exercises["lenet-c3"] != nil {
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
