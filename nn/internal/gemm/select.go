package gemm

import (
	"fmt"
	"os"
	"strings"
	"time"
	"unsafe"
)

// Environment variables that steer the choice of kernel.
const (
	// envKernel forces a kernel: "avx512", "avx2" or "generic" (empty or
	// "auto": the fastest the CPU has).
	envKernel = "CNNBOOK_GEMM"
	// envHide hides CPU features from the choice, as if the CPU lacked
	// them: a comma-separated list of "avx512" and "avx2" (hiding avx2
	// hides avx512 too, whose kernel packs with AVX2). It exists to test
	// the fallback and its message on a CPU that has them.
	envHide = "CNNBOOK_GEMM_HIDE"
)

// selectNote is the message printed to standard error when the kernel
// asked for through envKernel cannot run (or the value is not a kernel),
// "" otherwise. The program goes on with the best kernel available.
var selectNote string

// measured512 is the AVX-512 kernel's flop rate over the AVX2 kernel's,
// measured at start-up when the CPU has both (0 otherwise).
var measured512 float64

func init() {
	k, note := choose(os.Getenv(envKernel), os.Getenv(envHide), cpuAVX2, cpuAVX512, faster512)
	use(k)
	if note != "" {
		selectNote = note
		fmt.Fprintln(os.Stderr, note)
	}
}

// choose picks the kernel from the request (envKernel's value), the
// hidden features (envHide's value) and what the CPU supports; faster
// picks between AVX-512 and AVX2 when both can run. It returns the
// kernel and, when the request cannot be honoured, a message naming the
// request, the reason and the kernel used instead.
func choose(req, hide string, avx2, avx512 bool, faster func() int) (int, string) {
	var hidden []string
	for _, f := range strings.Split(hide, ",") {
		switch f = strings.ToLower(strings.TrimSpace(f)); f {
		case "avx2":
			avx2, avx512 = false, false
			hidden = append(hidden, f)
		case "avx512":
			avx512 = false
			hidden = append(hidden, f)
		}
	}
	best := func() int {
		switch {
		case avx512 && avx2:
			return faster()
		case avx2:
			return kAVX2
		}
		return kGeneric
	}
	why := func(feature string) string {
		real := cpuAVX2
		if feature == "AVX-512F" {
			real = cpuAVX512
		}
		switch {
		case !haveBuild:
			return "this build has no assembly kernels (the purego build tag, or not amd64)"
		case real && len(hidden) > 0:
			return fmt.Sprintf("%s=%s hides %s", envHide, hide, feature)
		}
		return "this CPU (or its OS) does not support " + feature + " (golang.org/x/sys/cpu)"
	}
	switch r := strings.ToLower(strings.TrimSpace(req)); r {
	case "", "auto":
		return best(), ""
	case "generic":
		return kGeneric, ""
	case "avx2":
		if avx2 {
			return kAVX2, ""
		}
		k := best()
		return k, fmt.Sprintf("gemm: %s=avx2 asks for the AVX2 kernel, but %s; using the %s kernel instead", envKernel, why("AVX2 and FMA"), kernelNames[k])
	case "avx512":
		if avx512 {
			return kAVX512, ""
		}
		k := best()
		return k, fmt.Sprintf("gemm: %s=avx512 asks for the AVX-512 kernel, but %s; using the %s kernel instead", envKernel, why("AVX-512F"), kernelNames[k])
	}
	k := best()
	return k, fmt.Sprintf("gemm: %s=%q is not a kernel (want avx512, avx2, generic or auto); using the %s kernel", envKernel, req, kernelNames[k])
}

// faster512 times the two assembly kernels on L1-resident slivers
// (k = 256, as BenchmarkKernel does), alternating, and returns kAVX512
// unless the AVX2 kernel's best flop rate beats the AVX-512 kernel's by
// more than 10% (on some CPUs 512-bit instructions run as two 256-bit
// halves or lower the clock). It takes about a millisecond.
func faster512() int {
	const k, calls, rounds = 256, 20, 7
	a := make([]float32, k*maxMR)
	b := make([]float32, k*maxNR)
	c := make([]float32, maxMR*maxNR)
	for i := range a {
		a[i] = 0.5
	}
	for i := range b {
		b[i] = 0.25
	}
	pa, pb, pc := unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c)
	best := [2]time.Duration{1 << 62, 1 << 62}
	for r := 0; r < rounds; r++ {
		t0 := time.Now()
		for i := 0; i < calls; i++ {
			kernel512Asm(k, 1, pa, pb, 0, pc, 32)
		}
		t1 := time.Now()
		for i := 0; i < calls; i++ {
			kernelAsm(k, 1, pa, pb, 0, pc, 16)
		}
		t2 := time.Now()
		best[0] = min(best[0], t1.Sub(t0))
		best[1] = min(best[1], t2.Sub(t1))
	}
	// Flop rates: the AVX-512 tile is 6×32, the AVX2 one 6×16.
	r512 := float64(tiles[kAVX512].mr*tiles[kAVX512].nr) / float64(max(best[0], 1))
	r2 := float64(tiles[kAVX2].mr*tiles[kAVX2].nr) / float64(max(best[1], 1))
	measured512 = r512 / r2
	if measured512 < 1/1.1 {
		return kAVX2
	}
	return kAVX512
}
