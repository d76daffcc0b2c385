package exercises

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cnnbook/cnnbook/exercises/internal/verify"
)

// State is where a reader stands on an exercise.
type State int

const (
	NotStarted State = iota // the stub is untouched
	Solved                  // the reader's answer passes the check
	Wrong                   // the reader's answer fails the check
	Broken                  // the package does not compile, or the test did not report
)

var stateNames = [...]string{"not started", "solved", "wrong", "does not compile"}

func (s State) String() string { return stateNames[s] }

// Result is the check of one exercise.
type Result struct {
	ID      string
	State   State
	Message string // why it failed, or the compiler's output
}

// Check runs the readers' tests of exs in the module at root, in one
// `go test -json` child process (packages build in parallel and cached
// results are reused), and reports each exercise's state.
func Check(ctx context.Context, root string, exs []Exercise) ([]Result, error) {
	args := []string{"test", "-json", "-timeout", "2m", "-run", "^TestExercise$"}
	for _, e := range exs {
		args = append(args, "./"+e.Dir())
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	// CI=true makes an edited stub an error (verify.Exercise); a reader's
	// own shell may have it set for other reasons.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CI=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) { // a failing test exits 1: that is a result
		return nil, fmt.Errorf("go test: %v", err)
	}
	res, perr := ParseTestJSON(bytes.NewReader(out), exs)
	if perr != nil {
		return nil, fmt.Errorf("go test: %v\n%s", perr, stderr.String())
	}
	// Build errors of a package also go to stderr in some go versions.
	for i := range res {
		if res[i].State == Broken && res[i].Message == "" {
			res[i].Message = strings.TrimSpace(stderr.String())
		}
	}
	return res, nil
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Output     string
}

// fileLine is the "exercise_test.go:42: " prefix t.Log puts on messages.
var fileLine = regexp.MustCompile(`^\s*\w+\.go:\d+: `)

// ParseTestJSON reads the output of `go test -json -run '^TestExercise$'`
// over the packages of exs and returns each exercise's result.
func ParseTestJSON(r io.Reader, exs []Exercise) ([]Result, error) {
	type acc struct {
		action string // TestExercise's pass, fail or skip
		msg    []string
		build  []string
	}
	byPath := map[string]*acc{}
	for _, e := range exs {
		byPath[e.ImportPath()] = &acc{}
	}
	// build-output lines carry "path [path.test]" as ImportPath.
	pkgOf := func(ev event) *acc {
		p := ev.Package
		if p == "" {
			p, _, _ = strings.Cut(ev.ImportPath, " ")
		}
		return byPath[p]
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	seen := false
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("not go test -json output: %q", line)
		}
		seen = true
		a := pkgOf(ev)
		if a == nil {
			continue
		}
		switch {
		case ev.Action == "build-output":
			a.build = append(a.build, ev.Output)
		case ev.Test == "TestExercise" && ev.Action == "output":
			o := ev.Output
			if strings.HasPrefix(o, "=== ") || strings.HasPrefix(strings.TrimSpace(o), "--- ") {
				continue
			}
			a.msg = append(a.msg, fileLine.ReplaceAllString(strings.TrimRight(o, "\n"), ""))
		case ev.Test == "TestExercise" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
			a.action = ev.Action
		case ev.Test == "" && ev.Action == "output" && a.action == "":
			a.build = append(a.build, ev.Output)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, errors.New("no output")
	}
	var res []Result
	for _, e := range exs {
		a := byPath[e.ImportPath()]
		r := Result{ID: e.ID, Message: strings.TrimSpace(strings.Join(a.msg, "\n"))}
		switch a.action {
		case "pass":
			r.State = Solved
		case "skip":
			r.State = NotStarted
			r.Message = strings.TrimPrefix(r.Message, verify.NotStarted+": ")
		case "fail":
			r.State = Wrong
		default:
			r.State = Broken
			r.Message = strings.TrimSpace(cleanBuild(a.build))
		}
		res = append(res, r)
	}
	return res, nil
}

// cleanBuild drops go test's own summary lines from build output.
func cleanBuild(lines []string) string {
	var keep []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "FAIL") || strings.HasPrefix(t, "ok ") {
			continue
		}
		keep = append(keep, strings.TrimRight(l, "\n"))
	}
	return strings.Join(keep, "\n")
}

// Root finds the module root at or above dir: the directory whose go.mod
// declares ModulePath.
func Root(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			if bytes.HasPrefix(b, []byte("module "+ModulePath+"\n")) {
				return d, nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s is not inside the cnnbook repository (no go.mod declaring %s above it)", dir, ModulePath)
		}
		d = parent
	}
}

// StubFile is the file of an exercise the reader edits: exercise.go.
const StubFile = verify.StubFile

// Untouched reports whether function fn of file is still the stub (its
// body one return of zero values).
func Untouched(file, fn string) (bool, error) { return verify.Untouched(file, fn) }
