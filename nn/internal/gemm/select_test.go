package gemm

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestTiles checks the constraints kernel.go states for every tile.
func TestTiles(t *testing.T) {
	for k, tl := range tiles {
		if tl.mr%2 != 0 || tl.nr%16 != 0 || tl.mc%tl.mr != 0 || tl.nc%tl.nr != 0 || tl.mr > maxMR || tl.nr > maxNR || tl.kc < 8 {
			t.Errorf("%s: tile %+v breaks a constraint", kernelNames[k], tl)
		}
	}
}

// TestChoose covers the kernel choice for every request on simulated CPUs.
func TestChoose(t *testing.T) {
	pick := func(k int) func() int { return func() int { return k } }
	for _, c := range []struct {
		req, hide    string
		avx2, avx512 bool
		faster       int
		want         int
		note         string // a substring of the message, "" for none
	}{
		{"", "", true, true, kAVX512, kAVX512, ""},
		{"", "", true, true, kAVX2, kAVX2, ""}, // measured faster
		{"auto", "", true, false, 0, kAVX2, ""},
		{"", "", false, false, 0, kGeneric, ""},
		{"generic", "", true, true, kAVX512, kGeneric, ""},
		{"avx2", "", true, true, kAVX512, kAVX2, ""},
		{"AVX512", "", true, true, kAVX2, kAVX512, ""},
		{"avx512", "", true, false, 0, kAVX2, "CNNBOOK_GEMM=avx512 asks for the AVX-512 kernel"},
		{"avx2", "", false, false, 0, kGeneric, "using the generic kernel instead"},
		{"avx2", "avx2", true, true, kAVX512, kGeneric, "asks for the AVX2 kernel, but"},
		{"avx512", "avx512", true, true, kAVX512, kAVX2, "using the avx2 kernel instead"},
		{"", "avx512", true, true, kAVX512, kAVX2, ""},
		{"fast", "", true, true, kAVX512, kAVX512, `CNNBOOK_GEMM="fast" is not a kernel`},
	} {
		k, note := choose(c.req, c.hide, c.avx2, c.avx512, pick(c.faster))
		if k != c.want || (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("choose(%q, hide %q, avx2 %v, avx512 %v) = %s, %q; want %s and a note containing %q",
				c.req, c.hide, c.avx2, c.avx512, kernelNames[k], note, kernelNames[c.want], c.note)
		}
	}
}

// TestForcedKernelWithoutCPU runs this test binary again with
// CNNBOOK_GEMM=avx2 on a CPU that lacks AVX2 (simulated with
// CNNBOOK_GEMM_HIDE=avx2): the process must print one clear message on
// standard error and go on with the generic kernel, not crash with an
// illegal instruction.
func TestForcedKernelWithoutCPU(t *testing.T) {
	if os.Getenv("GEMM_TEST_CHILD") == "1" {
		c := make([]float32, 4)
		Sgemm(false, false, 2, 2, 2, 1, []float32{1, 2, 3, 4}, 2, []float32{1, 0, 0, 1}, 2, 0, c, 2)
		if c[0] != 1 || c[3] != 4 || KernelName() != "generic" {
			t.Fatalf("child: kernel %s gave %v", KernelName(), c)
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestForcedKernelWithoutCPU$", "-test.v")
	cmd.Env = append(os.Environ(), "GEMM_TEST_CHILD=1", "CNNBOOK_GEMM=avx2", "CNNBOOK_GEMM_HIDE=avx2")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	want := "gemm: CNNBOOK_GEMM=avx2 asks for the AVX2 kernel, but "
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "using the generic kernel instead") {
		t.Errorf("child output lacks the message %q…:\n%s", want, out)
	}
	t.Logf("child said: %s", strings.SplitN(string(out), "\n", 2)[0])
}
