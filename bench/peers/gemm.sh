#!/usr/bin/env bash
# Measures the float32 matrix product of NumPy (Debian OpenBLAS) and of Eggroll.NET on the same
# shapes and prints GFLOP/s and the ratio ours/numpy per shape. The two take turns for ROUNDS
# rounds (default 3), so that a slow spell of a shared machine hits both; the table gives the
# median GFLOP/s over rounds and the median of the per-round ratios.
# THREADS (default 2), REPEATS per round (default 5). OPENBLAS_CORETYPE=COOPERLAKE is set for the
# NumPy run only: Debian's OpenBLAS 0.3.21 mis-detects this CPU and would run SSE3 kernels
# (benchmarking only).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
THREADS="${THREADS:-2}"
REPEATS="${REPEATS:-5}"
ROUNDS="${ROUNDS:-3}"
OUT="${OUT_DIR:-$HERE/out/gemm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"

dotnet build -c Release "$ROOT/src/Eggroll.Cli" > "$OUT/build.log"
for round in $(seq 1 "$ROUNDS"); do
    OPENBLAS_CORETYPE=COOPERLAKE /usr/bin/python3 "$HERE/gemm_numpy.py" --threads "$THREADS" --repeats "$REPEATS" > "$OUT/numpy-$round.json"
    dotnet run -c Release --no-build --project "$ROOT/src/Eggroll.Cli" -- bench gemm --threads "$THREADS" --repeats "$REPEATS" \
        --json "$OUT/ours-$round.json" > "$OUT/ours-$round.log"
done
head -2 "$OUT/ours-1.log"

/usr/bin/python3 - "$OUT" "$ROUNDS" <<'PY'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(kind, r):
    with open(os.path.join(out, f"{kind}-{r}.json")) as fh:
        return {x["name"]: x for x in json.load(fh)["results"]}
numpy = [load("numpy", r) for r in range(1, rounds + 1)]
ours = [load("ours", r) for r in range(1, rounds + 1)]
print(f"{rounds} rounds; medians over rounds")
print(f"{'shape':<28} {'numpy GFLOP/s':>14} {'ours GFLOP/s':>13} {'ours % peak':>11} {'ours/numpy':>10}")
for name in ours[0]:
    if name not in numpy[0]:
        continue
    n = statistics.median(r[name]["gflops"] for r in numpy)
    o = statistics.median(r[name]["gflops"] for r in ours)
    peak = statistics.median(r[name]["percentOfPeak"] for r in ours)
    ratio = statistics.median(o_r[name]["gflops"] / n_r[name]["gflops"] for o_r, n_r in zip(ours, numpy))
    print(f"{name:<28} {n:>14.1f} {o:>13.1f} {peak:>11.1f} {ratio:>10.2f}")
PY
echo "results in $OUT"
