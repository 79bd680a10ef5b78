#!/usr/bin/env python3
"""GFLOP/s of NumPy's float32 matrix product on the shapes `eggroll bench gemm` measures.

Prints one JSON object: {"impl": "numpy", "version": ..., "threads": P, "results": [{"name", "m", "n", "k",
"transposeA", "transposeB", "medianMilliseconds", "gflops"}]}. Set the BLAS thread count with --threads
(applied before NumPy is imported).
"""
import argparse
import json
import os
import sys

from peer_common import THREAD_VARIABLES, median_seconds

SHAPES = [
    ("square 256", False, False, 256, 256, 256),
    ("square 512", False, False, 512, 512, 512),
    ("square 1024", False, False, 1024, 1024, 1024),
    ("square 2048", False, False, 2048, 2048, 2048),
    ("x·Wᵀ 16384×1024×1024", False, True, 16384, 1024, 1024),
    ("x·Wᵀ 1024×1024×1024", False, True, 1024, 1024, 1024),
    ("update Aᵀ·B 1024²×512", True, False, 1024, 1024, 512),
    ("update Aᵀ·B 1024²×2048", True, False, 1024, 1024, 2048),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for name in THREAD_VARIABLES:
        os.environ[name] = str(args.threads)
    import numpy as np

    rng = np.random.default_rng(1)
    results = []
    for name, ta, tb, m, n, k in SHAPES:
        a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
        left = a.T if ta else a
        right = b.T if tb else b
        out = np.empty((m, n), dtype=np.float32)
        median = median_seconds(lambda: np.matmul(left, right, out=out), args.repeats, args.warmup)
        results.append({"name": name, "m": m, "n": n, "k": k, "transposeA": ta, "transposeB": tb,
                        "medianMilliseconds": median * 1e3, "gflops": 2.0 * m * n * k / median / 1e9})
    json.dump({"impl": "numpy", "version": np.__version__, "threads": args.threads, "results": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
