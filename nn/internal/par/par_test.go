package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// check runs For(n, grain) and verifies every index in [0, n) is visited
// exactly once, by chunks that are non-empty and at least grain long when
// the range was split.
func check(t *testing.T, n, grain int) {
	t.Helper()
	hits := make([]int32, max(n, 0))
	var calls atomic.Int32
	For(n, grain, func(lo, hi int) {
		calls.Add(1)
		if lo < 0 || hi > n || lo >= hi {
			t.Errorf("n=%d grain=%d: bad chunk [%d,%d)", n, grain, lo, hi)
			return
		}
		for i := lo; i < hi; i++ {
			atomic.AddInt32(&hits[i], 1)
		}
	})
	for i, h := range hits {
		if h != 1 {
			t.Fatalf("n=%d grain=%d: index %d visited %d times", n, grain, i, h)
		}
	}
	if n <= 0 && calls.Load() != 0 {
		t.Errorf("n=%d: fn called %d times, want 0", n, calls.Load())
	}
	if w := int32(Workers()); calls.Load() > w {
		t.Errorf("n=%d grain=%d: %d chunks > %d workers", n, grain, calls.Load(), w)
	}
}

func TestForCoverage(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{-1, 0, 1, 2, 3, 7, 8, 9, 100, 1001} {
			for _, grain := range []int{-5, 0, 1, 2, 3, 50, 1000, 5000} {
				check(t, n, grain)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

func TestForInlineWhenSmall(t *testing.T) {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)
	var calls int // not atomic: must run inline, the race detector would flag otherwise
	For(10, 6, func(lo, hi int) {
		calls++
		if lo != 0 || hi != 10 {
			t.Errorf("got [%d,%d), want [0,10)", lo, hi)
		}
	})
	if calls != 1 {
		t.Errorf("fn called %d times, want 1", calls)
	}
}

func TestForSplits(t *testing.T) {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)
	var calls atomic.Int32
	For(100, 10, func(lo, hi int) {
		calls.Add(1)
		if hi-lo != 25 {
			t.Errorf("chunk [%d,%d) has %d items, want 25", lo, hi, hi-lo)
		}
	})
	if calls.Load() != 4 {
		t.Errorf("fn called %d times, want 4", calls.Load())
	}
}

func TestForNested(t *testing.T) {
	old := runtime.GOMAXPROCS(3)
	defer runtime.GOMAXPROCS(old)
	const n, m = 37, 53
	var sum atomic.Int64
	For(n, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			For(m, 1, func(lo2, hi2 int) {
				For(hi2-lo2, 1, func(a, b int) {
					sum.Add(int64(b - a))
				})
			})
		}
	})
	if got := sum.Load(); got != n*m {
		t.Errorf("nested sum = %d, want %d", got, n*m)
	}
}

func TestForPanicPropagates(t *testing.T) {
	old := runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(old)
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want boom", r)
		}
	}()
	For(100, 1, func(lo, hi int) {
		if lo > 0 { // a spawned worker, not the caller's chunk
			panic("boom")
		}
	})
	t.Error("For returned normally")
}

// While Split runs n computations side by side, each sees 1/n of the cores.
func TestSplitSharesWorkers(t *testing.T) {
	full := Workers()
	seen := make([]int, 2)
	Split(2, func(i int) { seen[i] = Workers() })
	for i, w := range seen {
		if want := max(1, full/2); w != want {
			t.Errorf("branch %d: Workers() = %d inside Split(2), want %d", i, w, want)
		}
	}
	if got := Workers(); got != full {
		t.Errorf("after Split: Workers() = %d, want %d", got, full)
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("Split re-panics with %v, want boom", r)
		}
		if got := Workers(); got != full {
			t.Errorf("after a panicking Split: Workers() = %d, want %d", got, full)
		}
	}()
	Split(2, func(i int) {
		if i == 1 {
			panic("boom")
		}
	})
}
