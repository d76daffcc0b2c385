//go:build unix

package atomicfile

import (
	"os"
	"os/signal"
	"syscall"
)

// lock takes an exclusive advisory lock on f for as long as it is open.
func lock(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// tryLock reports whether f could be locked, i.e. no live writer holds it.
func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// RemoveOnSignal makes the process, on SIGINT or SIGTERM, remove the
// temporary files of the writes in progress (RemoveTemps) and exit with
// status 128 + the signal's number (130, 143), as a shell reports a
// process the signal killed. Call it once, from main; a program whose
// own code handles these signals calls RemoveTemps itself instead.
func RemoveOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-ch
		RemoveTemps()
		os.Exit(128 + int(s.(syscall.Signal)))
	}()
}
