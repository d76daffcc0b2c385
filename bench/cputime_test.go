//go:build linux

package bench

import (
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/cnnbook/cnnbook/nn"
)

// threadCPU is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID, linux/time.h
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// TestForwardCPUTime is a measurement, not a check, for a machine shared
// with other jobs, where wall-clock benchmarks swing by 2× and more: it
// runs each model named in CNNBOOK_CPUTIME (comma-separated, e.g.
// resnet50-tv,mobilenet-v1) through an inference plan at batch 1 on one
// core (GOMAXPROCS 1, the goroutine locked to its thread) and logs the
// least thread CPU time of 15 passes. Time the other jobs take from the
// core is not counted (their cache traffic still is), so two builds
// compare fairly in one run:
//
//	CNNBOOK_CPUTIME=resnet50-tv,mobilenet-v1 go test -run TestForwardCPUTime -v ./bench
//
// Without the variable it skips.
func TestForwardCPUTime(t *testing.T) {
	models := os.Getenv("CNNBOOK_CPUTIME")
	if models == "" {
		t.Skip("set CNNBOOK_CPUTIME to a list of models to measure")
	}
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, name := range strings.Split(models, ",") {
		m := build(t, name)
		x := randInput(rand.New(rand.NewPCG(3, 4)), 1, m.Input)
		p, err := nn.NewPlan(m.Net, m.Input, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		p.Forward(x)
		best := time.Duration(1 << 62)
		for range 15 {
			t0 := threadCPU()
			p.Forward(x)
			best = min(best, threadCPU()-t0)
		}
		t.Logf("%s: %.2f ms thread CPU time per forward pass (least of 15, one core)", name, best.Seconds()*1e3)
	}
}
