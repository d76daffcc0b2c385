package gemm

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// kernelChoices are the micro-kernels, by the name of their subtests and
// sub-benchmarks.
var kernelChoices = []struct {
	name string
	k    int
}{
	{"avx512", kAVX512},
	{"avx2", kAVX2},
	{"generic", kGeneric},
}

// available reports whether kernel k can run in this build on this CPU.
func available(k int) bool {
	switch k {
	case kAVX512:
		return cpuAVX512
	case kAVX2:
		return cpuAVX2
	}
	return true
}

// withKernel runs f with kernel k selected, restoring the choice
// afterwards.
func withKernel(k int, f func()) {
	old := kern
	use(k)
	defer use(old)
	f()
}

// forEachKernel runs f as the subtests "avx512", "avx2" and "generic",
// each with that micro-kernel selected; an assembly kernel is skipped
// where this build or CPU cannot run it.
func forEachKernel(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kc := range kernelChoices {
		t.Run(kc.name, func(t *testing.T) {
			if !available(kc.k) {
				t.Skipf("no %s kernel on %s/%s (purego build or CPU)", kc.name, runtime.GOOS, runtime.GOARCH)
			}
			withKernel(kc.k, func() { f(t) })
		})
	}
}

// TestHaveAsm checks the CPU detection against the kernel's view of the
// CPU on Linux/amd64: if /proc/cpuinfo lists avx2 and fma (avx512f), the
// AVX2 (AVX-512) kernel must be available unless built with purego, so a
// detection bug cannot silently fall back to a slower kernel.
func TestHaveAsm(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("reads /proc/cpuinfo on linux/amd64")
	}
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo: %v", err)
	}
	var flags []string
	for _, line := range strings.Split(string(info), "\n") {
		if name, val, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			flags = strings.Fields(val)
			break
		}
	}
	says2 := slices.Contains(flags, "avx2") && slices.Contains(flags, "fma")
	says512 := says2 && slices.Contains(flags, "avx512f")
	if !haveBuild { // purego build
		if cpuAVX2 || cpuAVX512 {
			t.Errorf("purego build: got cpuAVX2, cpuAVX512 = %v, %v, want false", cpuAVX2, cpuAVX512)
		}
		return
	}
	if cpuAVX2 != says2 || cpuAVX512 != says512 {
		t.Errorf("got cpuAVX2, cpuAVX512 = %v, %v; /proc/cpuinfo says %v, %v", cpuAVX2, cpuAVX512, says2, says512)
	}
	t.Logf("kernel in use: %s (AVX-512/AVX2 flop rate measured at start-up: %.2f)", KernelName(), measured512)
}
