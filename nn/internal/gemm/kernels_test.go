package gemm

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// kernelChoices are the micro-kernels, by the name of their subtests and
// sub-benchmarks, with the value of useAsm that selects each.
var kernelChoices = []struct {
	name string
	asm  bool
}{
	{"asm", true},
	{"generic", false},
}

// withKernel runs f with useAsm set to asm, restoring it afterwards.
func withKernel(asm bool, f func()) {
	old := useAsm
	useAsm = asm
	defer func() { useAsm = old }()
	f()
}

// forEachKernel runs f as the subtests "asm" and "generic", each with
// that micro-kernel selected; "asm" is skipped where this build or CPU
// has no assembly kernel.
func forEachKernel(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kern := range kernelChoices {
		t.Run(kern.name, func(t *testing.T) {
			if kern.asm && !haveAsm {
				t.Skipf("no assembly kernel on %s/%s (purego build or no AVX2+FMA)", runtime.GOOS, runtime.GOARCH)
			}
			withKernel(kern.asm, func() { f(t) })
		})
	}
}

// TestHaveAsm checks the CPU detection against the kernel's view of the
// CPU on Linux/amd64: if /proc/cpuinfo lists avx2 and fma, the assembly
// kernel must be available (unless built with purego), so a detection
// bug cannot silently fall back to the slow kernel.
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
	cpuSays := slices.Contains(flags, "avx2") && slices.Contains(flags, "fma")
	if asmName == "none" { // purego build
		if haveAsm {
			t.Errorf("purego build: got haveAsm = true, want false")
		}
		return
	}
	if haveAsm != cpuSays {
		t.Errorf("got haveAsm = %v, want %v (/proc/cpuinfo flags avx2 and fma)", haveAsm, cpuSays)
	}
	t.Logf("kernel in use: %s", KernelName())
}
