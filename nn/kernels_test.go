package nn

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cnnbook/cnnbook/nn/internal/gemm"
)

// TestEveryKernel reruns this package's tests (every layer against its
// reference, the torchvision golden outputs, the gradient checks, the
// plans) in a child process per GEMM kernel: CNNBOOK_GEMM=avx512, avx2
// and generic, skipping the one this process already uses. The kernel
// is chosen at start-up, hence the child processes. A kernel the CPU
// lacks falls back (with a message) and the child still must pass.
func TestEveryKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("reruns the package's tests per kernel")
	}
	if os.Getenv("CNNBOOK_EVERY_KERNEL_CHILD") != "" {
		t.Skip("in a child")
	}
	for _, k := range []string{"avx512", "avx2", "generic"} {
		if k == gemm.KernelName() {
			continue
		}
		t.Run(k, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.skip=^TestEveryKernel$", "-test.count=1")
			cmd.Env = append(os.Environ(), "CNNBOOK_GEMM="+k, "CNNBOOK_EVERY_KERNEL_CHILD=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("tests with CNNBOOK_GEMM=%s: %v\n%s", k, err, out)
			}
			if first, _, _ := strings.Cut(string(out), "\n"); strings.HasPrefix(first, "gemm: ") {
				t.Logf("%s", first) // the fallback message
			}
		})
	}
}
