#!/usr/bin/env bash
# Measures the float32 matrix product of NumPy (Debian OpenBLAS) and of Eggroll.NET on the same
# shapes, one after the other, and prints GFLOP/s and the ratio ours/numpy per shape.
# THREADS (default 2), REPEATS (default 5). OPENBLAS_CORETYPE=COOPERLAKE is set for the NumPy run
# only: Debian's OpenBLAS 0.3.21 mis-detects this CPU and would run SSE3 kernels (benchmarking only).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
THREADS="${THREADS:-2}"
REPEATS="${REPEATS:-5}"
OUT="${OUT_DIR:-$HERE/out/gemm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"

OPENBLAS_CORETYPE=COOPERLAKE /usr/bin/python3 "$HERE/gemm_numpy.py" --threads "$THREADS" --repeats "$REPEATS" > "$OUT/numpy.json"
dotnet run -c Release --project "$ROOT/src/Eggroll.Cli" -- bench gemm --threads "$THREADS" --repeats "$REPEATS" --json "$OUT/ours.json" | tee "$OUT/ours.log"

/usr/bin/python3 - "$OUT/numpy.json" "$OUT/ours.json" <<'PY'
import json, sys
numpy = {r["name"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours = {r["name"]: r for r in json.load(open(sys.argv[2]))["results"]}
print(f"{'shape':<28} {'numpy GFLOP/s':>14} {'ours GFLOP/s':>13} {'ours/numpy':>10}")
for name, r in ours.items():
    n = numpy.get(name)
    if n:
        print(f"{name:<28} {n['gflops']:>14.1f} {r['gflops']:>13.1f} {r['gflops'] / n['gflops']:>10.2f}")
PY
echo "results in $OUT"
