package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cnnbook/cnnbook/exercises"
)

// checkExercises and now are replaced in tests.
var (
	checkExercises = exercises.Check
	now            = time.Now
)

// globalProgress is -progress given before the command (book -progress F
// exercises); a -progress after the command wins.
var globalProgress string

// globalFlags takes the flags that may come before the command name
// (only -progress FILE) off the front of args.
func globalFlags(args []string) ([]string, error) {
	globalProgress = ""
	for len(args) > 0 {
		a := args[0]
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "progress" {
			return args, nil
		}
		if !hasValue {
			if len(args) < 2 {
				return nil, fmt.Errorf("flag needs an argument: %s", a)
			}
			value, args = args[1], args[1:]
		}
		globalProgress, args = value, args[1:]
	}
	return args, nil
}

// progressFlag defines -progress on fs, defaulting to a global -progress.
func progressFlag(fs *flag.FlagSet) *string {
	return fs.String("progress", globalProgress, "progress file (default $"+exercises.ProgressEnv+", else the user's config directory); also before the command: book -progress FILE "+fs.Name())
}

// exercisesCmd checks the reader's answers (all exercises, or the IDs
// given), prints each one's state and records it in the progress file;
// next, watch and reset are the workflow (exercises_flow.go).
//
//	book exercises [-v] [-progress FILE] [ID ...]
//	book exercises next | watch | reset [-y] ID
func exercisesCmd(args []string, stdout io.Writer) error {
	fs := newFlags("exercises")
	verbose := fs.Bool("v", false, "print every message in full")
	yes := fs.Bool("y", false, "reset: do not ask")
	progressFile := progressFlag(fs)
	ids, err := parseInterspersed(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(ids) > 0 && (ids[0] == "next" || ids[0] == "watch" || ids[0] == "reset") {
		return exercisesFlow(ids, *yes, *progressFile, stdout)
	}
	exs := exercises.All
	if len(ids) > 0 {
		exs = nil
		for _, id := range ids {
			e, err := exercises.Lookup(id)
			if err != nil {
				return err
			}
			exs = append(exs, e)
		}
	}
	path, err := progressPath(*progressFile)
	if err != nil {
		return err
	}
	root, err := exercises.Root(".")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := checkExercises(ctx, root, exs)
	if err != nil {
		return err
	}
	// The checks took a while: merge their outcome into the progress as
	// it is now, under the lock (a book hint meanwhile is kept).
	var p *exercises.Progress
	warning, err := exercises.UpdateProgress(path, func(q *exercises.Progress) error {
		q.Note(res, now())
		p = q
		return nil
	})
	warn(stdout, warning)
	if err != nil {
		return fmt.Errorf("progress: %w", err)
	}

	solved := 0
	for _, r := range res {
		if r.State == exercises.Solved {
			solved++
		}
	}
	fmt.Fprintf(stdout, "%d of %d exercises solved. `book exercises next` shows where to go on, `go test ./exercises/ID` checks one, `book hint ID` gives a hint.\n\n", solved, len(res))
	idW, chW := 0, 0
	for _, e := range exs {
		idW, chW = max(idW, len(e.ID)), max(chW, len(e.Chapter))
	}
	for i, r := range res {
		e := exs[i]
		mark := map[exercises.State]string{exercises.Solved: "✓", exercises.Wrong: "✗", exercises.NotStarted: "·", exercises.Broken: "!"}[r.State]
		state := r.State.String()
		if r.State != exercises.Solved {
			if seen := p.Record(e.ID).HintsSeen; seen > 0 {
				state += fmt.Sprintf(", %d of %d hints seen", seen, len(e.Hints))
			}
		}
		fmt.Fprintf(stdout, "%s %-*s  %-*s  %s (%s)\n", mark, idW, e.ID, chW, e.Chapter, e.Title, state)
		if r.State == exercises.Wrong || r.State == exercises.Broken {
			fmt.Fprint(stdout, indent(r.Message, *verbose))
		}
	}
	fmt.Fprintf(stdout, "\nprogress: %s\n", path)
	return nil
}

// warn prints a warning of the progress file (set aside as .bad).
func warn(w io.Writer, warning string) {
	if warning != "" {
		fmt.Fprintf(w, "warning: %s\n\n", warning)
	}
}

// indent shows a check's message under its exercise: the first lines
// only, unless verbose.
func indent(msg string, verbose bool) string {
	if msg == "" {
		return ""
	}
	lines := strings.Split(msg, "\n")
	const keep = 4
	if !verbose && len(lines) > keep {
		lines = append(lines[:keep], fmt.Sprintf("… (%d more lines: book exercises -v)", len(lines)-keep))
	}
	return "    " + strings.Join(lines, "\n    ") + "\n"
}

// hintCmd prints the next hint of an exercise (or hint N) and records it.
// After the last one it says where the reference solution is; that is
// not an error.
//
//	book hint [-n N] [-progress FILE] ID
func hintCmd(args []string, stdout io.Writer) error {
	fs := newFlags("hint")
	n := fs.Int("n", 0, "show hint N (default: the next one not yet seen)")
	progressFile := progressFlag(fs)
	rest, err := parseInterspersed(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		var ids []string
		for _, e := range exercises.All {
			ids = append(ids, e.ID)
		}
		return fmt.Errorf("hint needs an exercise: one of %s", strings.Join(ids, ", "))
	}
	if len(rest) > 1 {
		return fmt.Errorf("hint takes one exercise, got %q", rest)
	}
	e, err := exercises.Lookup(rest[0])
	if err != nil {
		return err
	}
	path, err := progressPath(*progressFile)
	if err != nil {
		return err
	}
	var k int
	var text string
	solved := false
	warning, err := exercises.UpdateProgress(path, func(p *exercises.Progress) error {
		var err error
		k, text, err = p.Hint(e, *n)
		solved = p.Record(e.ID).State == exercises.Solved.String()
		return err
	})
	warn(stdout, warning)
	if err != nil {
		return err
	}
	switch {
	case k == 0:
		fmt.Fprintf(stdout, "%s: all %d hints seen (book hint -n N shows one again). The reference solution is %s.\n", e.ID, len(e.Hints), e.SolutionFile())
	default:
		fmt.Fprintf(stdout, "%s, hint %d of %d: %s\n", e.ID, k, len(e.Hints), text)
		if k < len(e.Hints) && !solved {
			fmt.Fprintf(stdout, "(next: book hint %s)\n", e.ID)
		}
	}
	if solved {
		showSolution(stdout, e)
	}
	return nil
}

// showSolution prints the reference solution of an exercise the reader
// has solved, for comparison (as rustlings does after a pass).
func showSolution(stdout io.Writer, e exercises.Exercise) {
	root, err := exercises.Root(".")
	if err != nil {
		return
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.SolutionFile())))
	if err != nil {
		return
	}
	fmt.Fprintf(stdout, "\nYou solved %s. The reference solution, to compare with yours (%s):\n\n%s", e.ID, e.SolutionFile(), src)
}

// progressPath is the progress file named by the flag, or the default.
func progressPath(flagPath string) (string, error) {
	if flagPath != "" {
		return flagPath, nil
	}
	return exercises.ProgressPath()
}

// exercisesFlow runs book exercises next, watch or reset ID.
func exercisesFlow(args []string, yes bool, progressFile string, stdout io.Writer) error {
	root, err := exercises.Root(".")
	if err != nil {
		return err
	}
	if args[0] == "reset" {
		if len(args) != 2 {
			return fmt.Errorf("reset takes one exercise, got %q", args[1:])
		}
		e, err := exercises.Lookup(args[1])
		if err != nil {
			return err
		}
		return exercisesReset(root, e, yes, stdout)
	}
	if len(args) != 1 {
		return fmt.Errorf("%s takes no exercise, got %q", args[0], args[1:])
	}
	path, err := progressPath(progressFile)
	if err != nil {
		return err
	}
	if args[0] == "next" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		return exercisesNext(ctx, root, path, stdout)
	}
	return exercisesWatch(context.Background(), root, path, stdout)
}
