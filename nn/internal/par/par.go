// Package par runs index-range loops on all available cores.
//
// It is deliberately small: a pool of persistent workers that For hands
// chunks to when they are free, no work stealing. The caller always runs
// one chunk itself, and any chunk no free worker takes, so nested calls
// cannot deadlock. Split, which must run its functions side by side
// (a training plan's parts meet at barriers), starts a goroutine each.
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
// The chunks after the first go to the pool's persistent workers (see
// pool below) when one is free, and otherwise run on the caller's
// goroutine after its own chunk: a For inside a chunk (a GEMM inside a
// tower of AlexNet's Parallel) never waits for a worker, so nesting
// cannot deadlock.
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

	g := groups.Get().(*group)
	g.fn = fn
	g.jobs = g.jobs[:0]
	for i := 1; i < chunks; i++ {
		g.jobs = append(g.jobs, job{g: g, lo: bound(i), hi: bound(i + 1)})
	}
	ensureWorkers(chunks - 1)
	inline := g.jobs[:0:0]
	for i := range g.jobs {
		if !reserve() {
			inline = g.jobs[i:]
			break
		}
		g.wg.Add(1)
		work <- &g.jobs[i]
	}
	g.run(0, bound(1))
	for _, j := range inline {
		g.run(j.lo, j.hi)
	}
	g.wg.Wait()
	panicked, pval := g.panicked, g.pval
	*g = group{jobs: g.jobs[:0]}
	groups.Put(g)
	if panicked {
		panic(pval)
	}
}

// The pool: persistent worker goroutines, started as For first needs
// them (at most GOMAXPROCS−1 at a time), each taking chunks from work.
// free counts the workers not running a chunk. A caller hands a chunk
// over only after reserving a free worker (reserve), so the send on the
// unbuffered channel returns as soon as that worker is back at its
// receive, and a worker running a chunk is never waited for. Starting a
// goroutine per chunk instead cost about a microsecond a call, and For
// runs once per GEMM (53 times in a resnet50-tv forward pass).
var (
	work    = make(chan *job)
	free    atomic.Int32
	started int
	startMu sync.Mutex
	groups  = sync.Pool{New: func() any { return new(group) }}
)

// group is one For call's shared state; job is one chunk of it.
type group struct {
	fn       func(lo, hi int)
	jobs     []job
	wg       sync.WaitGroup
	mu       sync.Mutex
	panicked bool
	pval     any
}

type job struct {
	g      *group
	lo, hi int
}

// run calls fn(lo, hi), recording a panic instead of unwinding.
func (g *group) run(lo, hi int) {
	defer func() {
		if r := recover(); r != nil {
			g.mu.Lock()
			if !g.panicked {
				g.panicked, g.pval = true, r
			}
			g.mu.Unlock()
		}
	}()
	g.fn(lo, hi)
}

// ensureWorkers starts workers until at least n exist.
func ensureWorkers(n int) {
	startMu.Lock()
	for started < n {
		started++
		free.Add(1)
		go worker()
	}
	startMu.Unlock()
}

// reserve takes one free worker, reporting whether there was one.
func reserve() bool {
	for {
		f := free.Load()
		if f <= 0 {
			return false
		}
		if free.CompareAndSwap(f, f-1) {
			return true
		}
	}
}

func worker() {
	for j := range work {
		g := j.g
		g.run(j.lo, j.hi)
		free.Add(1) // before Done: the caller's next For may reserve us
		g.wg.Done()
	}
}
