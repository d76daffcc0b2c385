//go:build unix

package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// names lists a directory's entries.
func names(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return strings.Join(out, " ")
}

func TestWriteReplacesOrKeeps(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	if err := Write(p, 0o644, writeString("good")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("interrupted")
	err := Write(p, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got error %v, want %v", err, boom)
	}
	if !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error %q: want it to name %s and not the temporary file", err, p)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "good" {
		t.Errorf("after a failed write the file holds %q, want the previous %q", b, "good")
	}
	if got := names(t, dir); got != "f.txt" {
		t.Errorf("directory holds %q, want only f.txt (no temporary file)", got)
	}
}

// TestWriteKeepsMode: replacing a 0600 file keeps it 0600 (the issue: it
// became 0644, readable by everyone).
func TestWriteKeepsMode(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, 0o644, writeString("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after replace: got %v, want -rw------- (the file's own)", fi.Mode().Perm())
	}
}

// TestWriteRefuses: what is not a writable regular file is left alone,
// with an error naming the user's path.
func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("target"), 0o644)
	for _, tc := range []struct {
		name  string
		setup func(p string) error
		want  string
	}{
		{"symlink", func(p string) error { return os.Symlink(target, p) }, "symbolic link"},
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }, "directory"},
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "named pipe"},
		{"readonly", func(p string) error { return os.WriteFile(p, []byte("keep"), 0o444) }, "read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if err := tc.setup(p); err != nil {
				t.Skip(err)
			}
			before, _ := os.Lstat(p)
			err := Write(p, 0o644, writeString("new"))
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one naming %s as %s", err, p, tc.want)
			}
			after, _ := os.Lstat(p)
			if before.Mode() != after.Mode() || before.ModTime() != after.ModTime() {
				t.Errorf("%s changed: mode %v → %v", p, before.Mode(), after.Mode())
			}
		})
	}
	if b, _ := os.ReadFile(target); string(b) != "target" {
		t.Errorf("the symlink's target holds %q, want it untouched", b)
	}
	if got := names(t, dir); strings.Contains(got, ".tmp-") {
		t.Errorf("temporary files left: %s", got)
	}
}

// TestWriteRemovesLeftovers: a temporary file of a killed run is removed
// by the next write to the same path; one a live writer holds is kept.
func TestWriteRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "w.st")
	dead := filepath.Join(dir, ".w.st.tmp-123")
	other := filepath.Join(dir, ".x.st.tmp-123")
	busy := filepath.Join(dir, ".w.st.tmp-456")
	for _, n := range []string{dead, other, busy} {
		os.WriteFile(n, []byte("half"), 0o600)
	}
	f, err := os.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lock(f)
	if err := Write(p, 0o644, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got, want := names(t, dir), ".w.st.tmp-456 .x.st.tmp-123 w.st"; got != want {
		t.Errorf("directory holds %q, want %q (the dead leftover of w.st removed, the live one and x.st's kept)", got, want)
	}
}

// TestRemoveOnSignal runs a child that blocks in the middle of a Write,
// sends it SIGTERM and checks that it exits 143 leaving no temporary file.
func TestRemoveOnSignal(t *testing.T) {
	if p := os.Getenv("ATOMICFILE_CHILD"); p != "" {
		RemoveOnSignal()
		Write(p, 0o644, func(w io.Writer) error {
			io.WriteString(w, "half")
			os.Stdout.WriteString("writing\n")
			time.Sleep(time.Minute)
			return nil
		})
		os.Exit(0)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "out")
	cmd := exec.Command(os.Args[0], "-test.run=^TestRemoveOnSignal$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_CHILD="+p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "writing\n" {
		cmd.Process.Kill()
		t.Fatalf("child said %q, want %q", line, "writing\n")
	}
	if got := names(t, dir); !strings.HasPrefix(got, ".out.tmp-") {
		t.Fatalf("mid-write the directory holds %q, want a temporary file", got)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 143 {
		t.Errorf("child exit: got %v, want status 143 (128 + SIGTERM)", err)
	}
	if got := names(t, dir); got != "" {
		t.Errorf("after SIGTERM the directory holds %q, want nothing", got)
	}
}
