// Package par runs index-range loops on all available cores.
//
// It is deliberately tiny: no worker pool, no work stealing. Each call
// to For starts at most Workers()-1 goroutines and runs one chunk on the
// calling goroutine, so nested calls cannot deadlock (they merely
// oversubscribe the CPUs for a moment, which the Go scheduler handles).
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// extra counts the goroutines that Split runs beside its caller's: while
// k extra computations run side by side, each gets GOMAXPROCS/(k+1) cores.
var extra atomic.Int32

// Workers returns the number of goroutines For uses at most:
// runtime.GOMAXPROCS(0), divided among the computations Split is running
// side by side (at least 1).
func Workers() int { return max(1, runtime.GOMAXPROCS(0)/int(1+extra.Load())) }

// Split runs fn(0) … fn(n−1) concurrently, one goroutine each, and shares
// the cores among them: while they run, Workers() is divided by n, so the
// For loops inside each (a GEMM, an im2col) use their share instead of all
// cores. This is how AlexNet's two towers run one per core (Krizhevsky et
// al. 2012 §3.2) instead of both fighting for both cores. The division is
// process-wide: other goroutines calling For meanwhile also get a share.
func Split(n int, fn func(i int)) {
	if n <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	extra.Add(int32(n - 1))
	defer extra.Add(-int32(n - 1))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		panicked bool
		pval     any
	)
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if !panicked {
						panicked, pval = true, r
					}
					mu.Unlock()
				}
			}()
			fn(i)
		}()
	}
	wg.Wait()
	if panicked {
		panic(pval)
	}
}

// For calls fn on disjoint contiguous chunks [lo, hi) that together cover
// [0, n), possibly concurrently, and returns when all calls have returned.
//
// grain is the smallest number of items worth a goroutine of its own: the
// range is split into min(Workers(), n/grain) chunks of nearly equal size,
// and when that is at most one chunk fn(0, n) runs inline on the caller's
// goroutine. grain < 1 is treated as 1. For does nothing when n <= 0.
//
// fn must be safe to call concurrently on disjoint ranges. If any call
// panics, For waits for the others and then re-panics on the caller's
// goroutine with the first panic value seen (the original stack trace is
// lost).
func For(n, grain int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if grain < 1 {
		grain = 1
	}
	chunks := min(Workers(), n/grain)
	if chunks <= 1 {
		fn(0, n)
		return
	}

	// Chunk i is [bound(i), bound(i+1)); the first n%chunks chunks get one
	// extra item. Written to avoid overflow of i*n.
	size, rem := n/chunks, n%chunks
	bound := func(i int) int { return i*size + min(i, rem) }

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		panicked bool
		pval     any
	)
	run := func(lo, hi int) {
		defer func() {
			if r := recover(); r != nil {
				mu.Lock()
				if !panicked {
					panicked, pval = true, r
				}
				mu.Unlock()
			}
		}()
		fn(lo, hi)
	}
	wg.Add(chunks - 1)
	for i := 1; i < chunks; i++ {
		lo, hi := bound(i), bound(i+1)
		go func() {
			defer wg.Done()
			run(lo, hi)
		}()
	}
	run(0, bound(1))
	wg.Wait()
	if panicked {
		panic(pval)
	}
}
