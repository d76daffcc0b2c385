//go:build unix

package exercises

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f, waiting for it (flock: released
// when f is closed, also when the process dies, so a crash leaves no
// stale lock).
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}
