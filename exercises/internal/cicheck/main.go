// Command cicheck proves, for CI (.ci/run), every exercise three ways,
// each one `go test -json -run '^TestExercise$'` over every exercise:
//
//	stub build          no exercise passes (each is skipped: not started)
//	-tags solutions     every reference solution passes, none is skipped
//	-tags mistakes      every exercise fails, and its output is the
//	                    teaching message of each typical mistake
//	                    ("mistake NAME → … this is what … gives"), with no
//	                    mistake the check accepts or fails to name
//
// Run it from anywhere in the repository: go run ./exercises/internal/cicheck
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/cnnbook/cnnbook/exercises"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cicheck:", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := exercises.Root(".")
	if err != nil {
		return err
	}
	var bad []string
	for _, mode := range []string{"", "solutions", "mistakes"} {
		res, err := test(root, mode)
		if err != nil {
			return err
		}
		name := "stub build"
		if mode != "" {
			name = "-tags " + mode
		}
		n := 0
		for i, r := range res {
			if why := judge(mode, r); why != "" {
				bad = append(bad, fmt.Sprintf("%s: %s: %s", name, exercises.All[i].ID, why))
				continue
			}
			n++
		}
		fmt.Printf("%s: %d of %d exercises as they should be\n", name, n, len(res))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d exercises are not:\n%s", len(bad), strings.Join(bad, "\n"))
	}
	return nil
}

// judge says what is wrong with one exercise's result in a mode, or "".
func judge(mode string, r exercises.Result) string {
	switch mode {
	case "":
		if r.State != exercises.NotStarted {
			return fmt.Sprintf("got %v, want not started (the stub is skipped, never passes): %s", r.State, r.Message)
		}
	case "solutions":
		if r.State != exercises.Solved {
			return fmt.Sprintf("got %v, want the reference solution to pass with no skip: %s", r.State, r.Message)
		}
	case "mistakes":
		if r.State != exercises.Wrong {
			return fmt.Sprintf("got %v, want every typical mistake to fail: %s", r.State, r.Message)
		}
		taught := 0
		for _, l := range strings.Split(r.Message, "\n") {
			switch {
			case strings.Contains(l, "UNCAUGHT") || strings.Contains(l, "UNTAUGHT"):
				return l
			case strings.HasPrefix(l, "mistake \"") && strings.Contains(l, " → "):
				taught++
			}
		}
		if taught == 0 {
			return "failed, but with no mistake's teaching message: " + r.Message
		}
	}
	return ""
}

// test runs every exercise's TestExercise in one go test with the tag.
// Unlike exercises.Check it keeps $CI: on CI an edited stub is an error.
func test(root, tag string) ([]exercises.Result, error) {
	args := []string{"test", "-json", "-count=1", "-timeout", "5m", "-run", "^TestExercise$"}
	if tag != "" {
		args = append(args, "-tags", tag)
	}
	for _, e := range exercises.All {
		args = append(args, "./"+e.Dir())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, _ := cmd.Output() // failing tests exit 1: the JSON says which
	res, err := exercises.ParseTestJSON(bytes.NewReader(out), exercises.All)
	if err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return res, nil
}
