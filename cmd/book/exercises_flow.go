package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/cnnbook/cnnbook/exercises"
)

// stdin answers reset's question; tests replace it.
var stdin io.Reader = os.Stdin

// checkAndRecord runs the checks of exs and merges them into the
// progress file; it returns the results and the progress after.
func checkAndRecord(ctx context.Context, root, path string, exs []exercises.Exercise, stdout io.Writer) ([]exercises.Result, *exercises.Progress, error) {
	res, err := checkExercises(ctx, root, exs)
	if err != nil {
		return nil, nil, err
	}
	var p *exercises.Progress
	warning, err := exercises.UpdateProgress(path, func(q *exercises.Progress) error {
		q.Note(res, now())
		p = q
		return nil
	})
	warn(stdout, warning)
	if err != nil {
		return nil, nil, fmt.Errorf("progress: %w", err)
	}
	return res, p, nil
}

// progressLine is "7 of 23 exercises solved".
func progressLine(p *exercises.Progress) string {
	n := 0
	for _, e := range exercises.All {
		if r := p.Exercises[e.ID]; r != nil && r.State == exercises.Solved.String() {
			n++
		}
	}
	return fmt.Sprintf("%d of %d exercises solved", n, len(exercises.All))
}

// task returns the doc comment of the exercise's function: the task.
func task(root string, e exercises.Exercise) string {
	file := filepath.Join(root, filepath.FromSlash(e.Dir()), exercises.StubFile)
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	if err != nil {
		return ""
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == e.Func && fd.Doc != nil {
			return fd.Doc.Text()
		}
	}
	return ""
}

// showExercise prints one exercise: where, the task, its state.
func showExercise(stdout io.Writer, root string, e exercises.Exercise, r exercises.Result, p *exercises.Progress) {
	fmt.Fprintf(stdout, "%s (%s chapter): %s\n", e.ID, e.Chapter, e.Title)
	fmt.Fprintf(stdout, "write %s in %s/exercise.go:\n\n", e.Func, e.Dir())
	for _, l := range strings.Split(strings.TrimRight(task(root, e), "\n"), "\n") {
		fmt.Fprintf(stdout, "    %s\n", l)
	}
	fmt.Fprintf(stdout, "\nstate: %s", r.State)
	if seen := p.Record(e.ID).HintsSeen; seen > 0 {
		fmt.Fprintf(stdout, ", %d of %d hints seen", seen, len(e.Hints))
	}
	fmt.Fprintln(stdout)
	if r.State == exercises.Wrong || r.State == exercises.Broken {
		fmt.Fprint(stdout, indent(r.Message, false))
	}
	fmt.Fprintf(stdout, "check: go test ./%s · hint: book hint %s · %s\n", e.Dir(), e.ID, progressLine(p))
}

// exercisesNext shows the first exercise, in the catalog's order, that
// is not solved, with its task.
func exercisesNext(ctx context.Context, root, path string, stdout io.Writer) error {
	res, p, err := checkAndRecord(ctx, root, path, exercises.All, stdout)
	if err != nil {
		return err
	}
	for i, r := range res {
		if r.State != exercises.Solved {
			showExercise(stdout, root, exercises.All[i], r, p)
			return nil
		}
	}
	fmt.Fprintf(stdout, "Every exercise is solved (%s). `book hint ID` shows a reference solution to compare with yours.\n", progressLine(p))
	return nil
}

// watchInterval is how often watch looks at the files.
var watchInterval = time.Second

// exercisesWatch checks the first unsolved exercise, then again every
// time a Go file of an exercise changes (polling its modification times,
// like rustlings watch), moving on to the next one when it passes. It
// stops on Ctrl-C (or when ctx ends).
func exercisesWatch(ctx context.Context, root, path string, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	stamp := func() map[string]time.Time {
		m := map[string]time.Time{}
		files, _ := filepath.Glob(filepath.Join(root, "exercises", "*", "*.go"))
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				m[f] = fi.ModTime()
			}
		}
		return m
	}
	last := stamp()
	for {
		fmt.Fprintf(stdout, "\n── %s ──\n", now().Format("15:04:05"))
		if err := exercisesNext(ctx, root, path, stdout); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		fmt.Fprintln(stdout, "watching the exercises: save a file to check again, Ctrl-C to stop")
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(watchInterval):
			}
			cur := stamp()
			changed := len(cur) != len(last)
			for f, t := range cur {
				if !last[f].Equal(t) {
					changed = true
				}
			}
			last = cur
			if changed {
				break
			}
		}
	}
}

// exercisesReset puts the stub back in exercise.go, after asking (or
// with -y); the reader's version is kept as exercise.go.bak. The stub is
// the newest version in git history whose function is still the stub.
func exercisesReset(root string, e exercises.Exercise, yes bool, stdout io.Writer) error {
	rel := e.Dir() + "/" + exercises.StubFile
	file := filepath.Join(root, filepath.FromSlash(rel))
	stub, err := stubFromGit(root, rel, e.Func)
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if string(cur) == string(stub) {
		fmt.Fprintf(stdout, "%s is the stub already.\n", rel)
		return nil
	}
	if !yes {
		fmt.Fprintf(stdout, "Reset %s to the stub? Your version is kept as %s.bak. [y/N] ", rel, rel)
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "not reset.")
			return nil
		}
	}
	if err := os.WriteFile(file+".bak", cur, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(file, stub, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is the stub again; your version is %s.bak.\n", rel, rel)
	return nil
}

// stubFromGit finds the stub of rel in git: HEAD's version if it is the
// stub, else the newest commit's that is.
func stubFromGit(root, rel, fn string) ([]byte, error) {
	log, err := exec.Command("git", "-C", root, "log", "--format=%H", "--", rel).Output()
	if err != nil {
		return nil, fmt.Errorf("reset needs the git history of %s: %v", rel, err)
	}
	tmp, err := os.MkdirTemp("", "stub")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for _, c := range strings.Fields(string(log)) {
		src, err := exec.Command("git", "-C", root, "show", c+":"+rel).Output()
		if err != nil {
			continue
		}
		f := filepath.Join(tmp, exercises.StubFile)
		if err := os.WriteFile(f, src, 0o644); err != nil {
			return nil, err
		}
		if ok, _ := exercises.Untouched(f, fn); ok {
			return src, nil
		}
	}
	return nil, errors.New("no version of " + rel + " in git history is the stub")
}
