package nn

import "github.com/cnnbook/cnnbook/nn/internal/gemm"

// GemmKernel names the matrix-multiply micro-kernel this process runs
// ("avx2", "generic", …): results files record it, because the last bits
// of a float32 sum depend on the order the kernel adds in.
func GemmKernel() string { return gemm.KernelName() }
