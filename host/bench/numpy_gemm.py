#!/usr/bin/env python3
"""float32 matmul timings with numpy, for host/bench/engine-bench.mjs.

Usage: numpy_gemm.py '[[m, n, k], ...]'  ->  JSON on stdout:
  {"numpy": version, "results": [{"m", "n", "k", "ms", "gflops"}]}
ms is the median of timed runs after one warm-up. Thread counts come from the environment
(the caller sets OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 for a single-thread figure).
"""
import json
import sys
import time

try:
    import numpy as np
except ImportError:
    print(json.dumps({"error": "numpy is not installed"}))
    sys.exit(0)


def median_ms(a, b, repeats):
    np.matmul(a, b)  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b)
        samples.append((time.perf_counter() - start) * 1000.0)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    shapes = json.loads(sys.argv[1])
    rng = np.random.default_rng(0)
    results = []
    for m, n, k in shapes:
        a = rng.uniform(-1, 1, size=(m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, size=(k, n)).astype(np.float32)
        flops = 2.0 * m * n * k
        repeats = max(3, min(50, int(1e9 / flops)))
        ms = median_ms(a, b, repeats)
        results.append({"m": m, "n": n, "k": k, "ms": ms, "gflops": flops / (ms * 1e6)})
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
