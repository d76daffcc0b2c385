package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cnnbook/cnnbook/exercises"
)

// checkExercises and now are replaced in tests.
var (
	checkExercises = exercises.Check
	now            = time.Now
)

// exercisesCmd checks the reader's answers (all exercises, or the IDs
// given), prints each one's state and records it in the progress file.
//
//	book exercises [-v] [-progress FILE] [ID ...]
func exercisesCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("exercises", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "print every message in full")
	progressFile := fs.String("progress", "", "progress file (default $"+exercises.ProgressEnv+", else the user's config directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	exs := exercises.All
	if fs.NArg() > 0 {
		exs = nil
		for _, id := range fs.Args() {
			e, err := exercises.Lookup(id)
			if err != nil {
				return err
			}
			exs = append(exs, e)
		}
	}
	path, p, err := loadProgress(*progressFile)
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
	p.Note(res, now())
	if err := p.Save(path); err != nil {
		return fmt.Errorf("progress: %w", err)
	}

	solved := 0
	for _, r := range res {
		if r.State == exercises.Solved {
			solved++
		}
	}
	fmt.Fprintf(stdout, "%d of %d exercises solved. `go test ./exercises/ID` checks one, `book hint ID` gives a hint.\n\n", solved, len(res))
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
//
//	book hint [-n N] [-progress FILE] ID
func hintCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	n := fs.Int("n", 0, "show hint N (default: the next one not yet seen)")
	progressFile := fs.String("progress", "", "progress file (default $"+exercises.ProgressEnv+", else the user's config directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		var ids []string
		for _, e := range exercises.All {
			ids = append(ids, e.ID)
		}
		return fmt.Errorf("hint needs an exercise: one of %s", strings.Join(ids, ", "))
	}
	id := rest[0]
	if err := fs.Parse(rest[1:]); err != nil { // flags after the ID: book hint ID -n 2
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("hint takes one exercise, got %q too", fs.Args())
	}
	e, err := exercises.Lookup(id)
	if err != nil {
		return err
	}
	path, p, err := loadProgress(*progressFile)
	if err != nil {
		return err
	}
	k, text, err := p.Hint(e, *n)
	if err != nil {
		return err
	}
	if err := p.Save(path); err != nil {
		return fmt.Errorf("progress: %w", err)
	}
	fmt.Fprintf(stdout, "%s, hint %d of %d: %s\n", e.ID, k, len(e.Hints), text)
	if k < len(e.Hints) {
		fmt.Fprintf(stdout, "(next: book hint %s)\n", e.ID)
	}
	return nil
}

// loadProgress reads the progress file named by the flag, or the default.
func loadProgress(flagPath string) (string, *exercises.Progress, error) {
	path := flagPath
	if path == "" {
		var err error
		if path, err = exercises.ProgressPath(); err != nil {
			return "", nil, err
		}
	}
	p, err := exercises.LoadProgress(path)
	return path, p, err
}
