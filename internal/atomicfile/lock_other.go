//go:build !unix

package atomicfile

import "os"

// Without flock a leftover cannot be told from a live writer's file, so
// leftovers are kept (never remove what may be in use).
func lock(*os.File)         {}
func tryLock(*os.File) bool { return false }

// RemoveOnSignal does nothing where there are no Unix signals.
func RemoveOnSignal() {}
