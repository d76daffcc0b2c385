// Package atomicfile writes files so that an interrupted write leaves the
// previous file whole: the bytes go to a temporary file beside the target
// (same directory, so the rename cannot cross file systems), which is
// synced, closed and then renamed over the target.
//
// What it will and will not replace:
//
//   - nothing at the path, or a regular file the user may write: replaced,
//     keeping the existing file's permission bits (a 0600 file stays 0600);
//   - a symlink, directory, FIFO, device or socket: refused with an error
//     naming the path (renaming over it would silently turn it into a
//     regular file, or swallow the bytes);
//   - a file without any write permission bit (0444): refused, since the
//     rename would bypass the protection the user put on it (even as root).
//
// The temporary file is named ".NAME.tmp-RANDOM" and is removed on every
// error path. A process killed mid-write (SIGKILL, power loss) leaves it
// behind; the next Write to the same path removes such leftovers, skipping
// any that a live writer still holds locked. Programs that want the
// temporary files gone on SIGINT/SIGTERM as well call RemoveOnSignal once.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// tmpPrefix is the start of the temporary files' names for target base.
func tmpPrefix(base string) string { return "." + base + ".tmp-" }

// Write creates or replaces path with what write produces. On any error
// the temporary file is removed and path is left as it was; errors name
// path, never the temporary file.
func Write(path string, perm os.FileMode, write func(w io.Writer) error) error {
	if err := writeable(path, &perm); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeLeftovers(dir, base)
	tmp, err := os.CreateTemp(dir, tmpPrefix(base)+"*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	name := tmp.Name()
	lock(tmp) // tells a concurrent removeLeftovers that this one is alive
	track(name)
	err = func() error {
		if err := write(tmp); err != nil {
			return err
		}
		if err := tmp.Sync(); err != nil {
			return unwrapPath(err)
		}
		if err := tmp.Chmod(perm); err != nil {
			return unwrapPath(err)
		}
		if err := writeable(path, &perm); err != nil { // changed while we wrote?
			return err
		}
		// Renamed while still open, so the lock holds until it is in place.
		if err := os.Rename(name, path); err != nil {
			return unwrapPath(err)
		}
		return unwrapPath(tmp.Close())
	}()
	untrack(name)
	if err != nil {
		tmp.Close()
		os.Remove(name)
		if errors.Is(err, errRefused) {
			return err
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

var errRefused = errors.New("not replacing it")

// writeable checks what is at path (see the package comment) and, for an
// existing regular file, sets *perm to its permission bits.
func writeable(path string, perm *os.FileMode) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is %s, not a regular file; %w", path, kind(fi.Mode()), errRefused)
	case fi.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("%s is read-only (mode %v); %w", path, fi.Mode().Perm(), errRefused)
	}
	*perm = fi.Mode().Perm()
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// unwrapPath drops the temporary file's name from an *os.PathError or
// *os.LinkError so that the caller can name the user's path instead.
func unwrapPath(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	case errors.As(err, &le):
		return fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return err
}

// removeLeftovers removes dir/.base.tmp-* files that no live writer holds.
func removeLeftovers(dir, base string) {
	names, _ := filepath.Glob(filepath.Join(dir, globEscape(tmpPrefix(base))+"*"))
	for _, n := range names {
		if fi, err := os.Lstat(n); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		f, err := os.Open(n)
		if err != nil {
			continue
		}
		if tryLock(f) {
			os.Remove(n)
		}
		f.Close()
	}
}

// globEscape quotes filepath.Match's metacharacters.
func globEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// live holds the temporary files being written, for RemoveTemps.
var live = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

func track(name string)   { live.Lock(); live.names[name] = true; live.Unlock() }
func untrack(name string) { live.Lock(); delete(live.names, name); live.Unlock() }

// Track registers a temporary file or directory of the caller's own (a
// directory being built beside its target, say) for RemoveTemps; the
// returned function unregisters it.
func Track(name string) (done func()) {
	track(name)
	return func() { untrack(name) }
}

// RemoveTemps removes every temporary file that a Write in progress (or a
// Track) holds. A program calls it just before it exits on a signal.
func RemoveTemps() {
	live.Lock()
	defer live.Unlock()
	for n := range live.names {
		os.RemoveAll(n)
	}
}
