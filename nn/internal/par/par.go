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
)

// Workers returns the number of goroutines For uses at most, which is
// runtime.GOMAXPROCS(0).
func Workers() int { return runtime.GOMAXPROCS(0) }

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
