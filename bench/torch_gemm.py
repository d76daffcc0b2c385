#!/usr/bin/python3
"""Time torch.mm on the sizes of nn/internal/gemm's BenchmarkSgemm.

Prints Go benchmark lines (BenchmarkSgemm/<size>/torch_<core>-2 ...
GFLOP/s) so they sit beside the asm and generic lines of
`go test -run '^$' -bench Sgemm/ ./nn/internal/gemm/` and compare line by
line. Run both back to back (see bench/README.md):

    go test -run '^$' -bench 'Sgemm/' ./nn/internal/gemm/
    /usr/bin/python3 bench/torch_gemm.py
    OPENBLAS_CORETYPE=Haswell /usr/bin/python3 bench/torch_gemm.py

Debian's python3-torch (1.13) is built with BLAS_INFO=generic and calls
sgemm_ from libblas.so.3, which the Debian alternatives point at OpenBLAS
(libopenblas0-pthread); the header lines name the BLAS library actually
mapped into the process, its build configuration and the core it chose,
and <core> in the benchmark names is that core. OpenBLAS 0.3.21 does not
know every new CPU: on an unknown one its DYNAMIC_ARCH build falls back
to the SSE3 "Prescott" kernels, and OPENBLAS_CORETYPE=Haswell (AVX2+FMA,
the instruction set of the Go kernel) or SkylakeX (AVX-512) picks one.
For reference only: nothing in the Go tests or CI needs Python.
"""

import ctypes
import os
import sys
import time

THREADS = 2  # the Go benchmark's -2: GOMAXPROCS on the 2-vCPU machine
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))

import torch  # noqa: E402  (after the thread variables)

# name, m, n, k: the same list as benchShapes in nn/internal/gemm/bench_test.go.
SHAPES = [
    ("64", 64, 64, 64),
    ("256", 256, 256, 256),
    ("512", 512, 512, 512),
    ("1024", 1024, 1024, 1024),
    # One 3×3 convolution of a 64-channel 56×56 image with 64 filters,
    # via im2col: W (64×576) · col (576×3136).
    ("conv_m64_n3136_k576", 64, 3136, 576),
]

MIN_TIME = 1.0  # seconds per size, like go test's default -benchtime 1s


def blas_info():
    """The BLAS libraries mapped into this process, OpenBLAS's config and core."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "blas" in os.path.basename(path) or "lapack" in os.path.basename(path):
                libs.add(os.path.realpath(path))
    config, core = "", "unknown"
    for path in sorted(libs):
        if "openblas" in path:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            core = lib.openblas_get_corename().decode()
            config = "%s; core %s; %d threads" % (
                lib.openblas_get_config().decode(),
                core,
                lib.openblas_get_num_threads(),
            )
            break
    return sorted(libs), config, core


def cpu_name():
    """The model name from /proc/cpuinfo, as go test prints it."""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def bench(m, n, k):
    """Returns (iterations, ns per op) for C = A·B, timed like testing.B."""
    g = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=g) * 2 - 1
    b = torch.rand(k, n, generator=g) * 2 - 1
    c = torch.empty(m, n)
    torch.mm(a, b, out=c)  # warm up: thread pool, buffers
    iters = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(iters):
            torch.mm(a, b, out=c)
        dt = time.perf_counter() - t0
        if dt >= MIN_TIME or iters >= 1_000_000_000:
            return iters, dt / iters * 1e9
        # Grow towards MIN_TIME as testing.B does (at most 100× per round).
        iters = max(iters + 1, min(100 * iters, int(1.2 * iters * MIN_TIME / max(dt, 1e-9))))


def main():
    torch.set_num_threads(THREADS)
    libs, config, core = blas_info()
    print("cpu: %s" % cpu_name())
    print("torch: %s" % torch.__version__)
    print("threads: %d" % torch.get_num_threads())
    print("blas: %s" % ", ".join(libs))
    if config:
        print("openblas: %s" % config)
    for name, m, n, k in SHAPES:
        iters, ns = bench(m, n, k)
        gflops = 2.0 * m * n * k / ns
        label = "BenchmarkSgemm/%s/torch_%s-%d" % (name, core, THREADS)
        print("%-52s\t%8d\t%12.0f ns/op\t%12.4g GFLOP/s" % (label, iters, ns, gflops))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
