"""Command line, BLAS thread set-up and timing shared by the NumPy and PyTorch peers."""

import argparse
import os
import statistics
import time

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def parse_args(description, threads_help, argv=None):
    """The benchmark setting; also exports the BLAS thread count, so call it before importing numpy or torch."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--population", type=int, default=1024, help="N, members (even)")
    p.add_argument("--rows", type=int, default=16, help="T, rows per member")
    p.add_argument("--rank", type=int, default=1, help="r, rank of each perturbation")
    p.add_argument("--width", type=int, default=1024, help="W, layer width")
    p.add_argument("--layers", type=int, default=4, help="L, number of Linear layers")
    p.add_argument("--repeats", type=int, default=5, help="timed repetitions (median is reported)")
    p.add_argument("--warmup", type=int, default=1, help="untimed repetitions first")
    p.add_argument("--threads", type=int, default=2, help=threads_help)
    p.add_argument("--sigma", type=float, default=0.01)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--check", action="store_true", help="run the correctness self-check and exit")
    args = p.parse_args(argv)
    if args.population < 2 or args.population % 2 != 0:
        p.error("--population must be even and >= 2")
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(args.threads)
    return args


def median_seconds(fn, repeats, warmup):
    """Median wall time of fn() over repeats runs after warmup untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(impl, version, args, inference, epoch):
    """The one JSON line each peer prints: the setting, median seconds and rows per second."""
    rows = args.population * args.rows
    return {
        "impl": impl,
        "version": version,
        "population": args.population,
        "rowsPerMember": args.rows,
        "rank": args.rank,
        "width": args.width,
        "layers": args.layers,
        "threads": args.threads,
        "inferenceMedianSeconds": inference,
        "eggrollEpochMedianSeconds": epoch,
        "inferenceRowsPerSecond": rows / inference,
        "eggrollRowsPerSecond": rows / epoch,
        "eggrollPercentOfInference": 100.0 * inference / epoch,
    }
