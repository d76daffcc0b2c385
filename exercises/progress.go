package exercises

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cnnbook/cnnbook/internal/atomicfile"
)

// Progress is what a reader has done: hints seen and the last check of
// each exercise. It lives in ProgressPath.
type Progress struct {
	Version   int                `json:"version"`
	Exercises map[string]*Record `json:"exercises"`
}

// Record is one exercise's progress.
type Record struct {
	HintsSeen int       `json:"hints_seen,omitempty"`
	State     string    `json:"state,omitempty"` // of the last check: "solved", "wrong", …
	Checked   time.Time `json:"checked,omitzero"`
	Solved    time.Time `json:"solved,omitzero"` // the first check that passed
}

// ProgressEnv names a file that replaces the default progress file (tests
// use it, and so can a reader who keeps several clones apart).
const ProgressEnv = "CNNBOOK_PROGRESS"

// ProgressPath is $CNNBOOK_PROGRESS, or progress.json in the cnnbook
// directory of the user's configuration directory (os.UserConfigDir:
// ~/.config/cnnbook/progress.json on Linux).
func ProgressPath() (string, error) {
	if p := os.Getenv(ProgressEnv); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no place for the progress file (%v); set $%s", err, ProgressEnv)
	}
	return filepath.Join(dir, "cnnbook", "progress.json"), nil
}

// LoadProgress reads the progress file; a missing file is no progress.
// A file that is not valid progress (a crash of an editor, a merge gone
// wrong) is set aside as path.bad, so that nothing is lost and the reader
// can still go on: the progress starts afresh and warning says so.
func LoadProgress(path string) (p *Progress, warning string, err error) {
	p = &Progress{Version: 1, Exercises: map[string]*Record{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	if perr := json.Unmarshal(b, p); perr != nil {
		bad := path + ".bad"
		if err := os.Rename(path, bad); err != nil {
			return nil, "", fmt.Errorf("%s: %v, and it cannot be set aside: %v", path, perr, err)
		}
		fresh := &Progress{Version: 1, Exercises: map[string]*Record{}}
		return fresh, fmt.Sprintf("progress file %s is damaged (%v): set aside as %s, starting afresh", path, perr, bad), nil
	}
	if p.Exercises == nil {
		p.Exercises = map[string]*Record{}
	}
	for id, r := range p.Exercises {
		if r == nil {
			delete(p.Exercises, id)
		}
	}
	return p, "", nil
}

// UpdateProgress reads the progress file, applies change and writes it
// back, holding a lock (path.lock) from the read to the write: two
// commands at once (book hint while book exercises checks) each see the
// other's update, none is lost. Commands do their slow work (running the
// checks) before, and only record its outcome here. warning is
// LoadProgress's.
func UpdateProgress(path string, change func(*Progress) error) (warning string, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	lf, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lf.Close()
	if err := lockFile(lf); err != nil {
		return "", fmt.Errorf("locking %s: %v", lf.Name(), err)
	}
	p, warning, err := LoadProgress(path)
	if err != nil {
		return warning, err
	}
	if err := change(p); err != nil {
		return warning, err
	}
	return warning, p.Save(path)
}

// Record returns the record of exercise id, creating it.
func (p *Progress) Record(id string) *Record {
	r := p.Exercises[id]
	if r == nil {
		r = &Record{}
		p.Exercises[id] = r
	}
	return r
}

// Note records the results of a check made at time now.
func (p *Progress) Note(res []Result, now time.Time) {
	for _, r := range res {
		rec := p.Record(r.ID)
		rec.State, rec.Checked = r.State.String(), now
		if r.State == Solved && rec.Solved.IsZero() {
			rec.Solved = now
		}
	}
}

// Hint returns hint n (1-based) of e and records it as seen; n = 0 means
// the next one not yet seen. When every hint has been seen already, the
// next one is no hint at all: Hint returns 0 and no error (the command
// then points to the solution; seeing every hint is not a mistake).
func (p *Progress) Hint(e Exercise, n int) (int, string, error) {
	rec := p.Record(e.ID)
	if n == 0 {
		n = rec.HintsSeen + 1
		if n > len(e.Hints) {
			return 0, "", nil
		}
	}
	if n < 1 || n > len(e.Hints) {
		return 0, "", fmt.Errorf("%s has hints 1 to %d, not %d", e.ID, len(e.Hints), n)
	}
	rec.HintsSeen = max(rec.HintsSeen, n)
	return n, e.Hints[n-1], nil
}

// Save writes the progress atomically: a temporary file in the same
// directory, synced, then renamed over the old one, so an interrupted
// write leaves the previous file whole.
func (p *Progress) Save(path string) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}
