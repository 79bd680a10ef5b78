#!/usr/bin/env bash
# Runs the NumPy, PyTorch and Eggroll.NET EGGROLL benchmarks for one setting and prints a
# table of rows/s with the ratios ours/numpy and ours/torch.
#
# Setting (env var or option; options win):
#   POPULATION / --population N   (default 1024)      ROWS    / --rows T      (default 16)
#   RANK       / --rank r         (default 1)         WIDTH   / --width W     (default 1024)
#   LAYERS     / --layers L       (default 4)         THREADS / --threads P   (default 2)
#   REPEATS    / --repeats K      (default 5)         WARMUP  / --warmup K    (default 1)
#   OUT_DIR    / --out DIR        (default bench/peers/out/run-<timestamp>)
#   SKIP_OURS=1 / --skip-ours     do not build or run the C# benchmark
#
# OpenBLAS 0.3.21 as packaged by Debian 12 mis-detects the CPU of this machine (it reports
# "Prescott" and runs SSE3 kernels, ~5x slower). For benchmarking only, the NumPy run gets
# OPENBLAS_CORETYPE=COOPERLAKE (AVX-512 kernels). Debian's PyTorch calls sgemm from the same
# system OpenBLAS (libblas.so.3), so it is equally affected; by default the torch run gets
# the same override (TORCH_OPENBLAS_CORETYPE, default COOPERLAKE; set it to an empty string
# to run torch with OpenBLAS's own detection). NUMPY_OPENBLAS_CORETYPE overrides the NumPy one.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3

POPULATION="${POPULATION:-1024}"
ROWS="${ROWS:-16}"
RANK="${RANK:-1}"
WIDTH="${WIDTH:-1024}"
LAYERS="${LAYERS:-4}"
THREADS="${THREADS:-2}"
REPEATS="${REPEATS:-5}"
WARMUP="${WARMUP:-1}"
SKIP_OURS="${SKIP_OURS:-0}"
NUMPY_OPENBLAS_CORETYPE="${NUMPY_OPENBLAS_CORETYPE-COOPERLAKE}"
TORCH_OPENBLAS_CORETYPE="${TORCH_OPENBLAS_CORETYPE-COOPERLAKE}"
OUT_DIR="${OUT_DIR:-}"

while [ $# -gt 0 ]; do
    case "$1" in
        --population) POPULATION="$2"; shift 2 ;;
        --rows) ROWS="$2"; shift 2 ;;
        --rank) RANK="$2"; shift 2 ;;
        --width) WIDTH="$2"; shift 2 ;;
        --layers) LAYERS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --repeats) REPEATS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --out) OUT_DIR="$2"; shift 2 ;;
        --skip-ours) SKIP_OURS=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

if [ -z "$OUT_DIR" ]; then
    OUT_DIR="$HERE/out/run-$(date +%Y%m%d-%H%M%S)"
fi
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/run.log"
: > "$LOG"

log() { echo "$@" | tee -a "$LOG"; }

ARGS=(--population "$POPULATION" --rows "$ROWS" --rank "$RANK" --width "$WIDTH" --layers "$LAYERS"
      --repeats "$REPEATS" --warmup "$WARMUP" --threads "$THREADS")

log "EGGROLL peers: N=$POPULATION T=$ROWS r=$RANK W=$WIDTH L=$LAYERS threads=$THREADS repeats=$REPEATS warmup=$WARMUP"
log "date: $(date -Iseconds)   host: $(uname -srm)   cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
log "output: $OUT_DIR"

# NumPy (its BLAS line goes to stderr and into the log)
log ""
log "== numpy (OPENBLAS_CORETYPE=${NUMPY_OPENBLAS_CORETYPE:-unset})"
if [ -n "$NUMPY_OPENBLAS_CORETYPE" ]; then
    OPENBLAS_CORETYPE="$NUMPY_OPENBLAS_CORETYPE" "$PY" "$HERE/eggroll_numpy.py" "${ARGS[@]}" \
        > "$OUT_DIR/numpy.json" 2> >(tee -a "$LOG" >&2) || true
else
    env -u OPENBLAS_CORETYPE "$PY" "$HERE/eggroll_numpy.py" "${ARGS[@]}" \
        > "$OUT_DIR/numpy.json" 2> >(tee -a "$LOG" >&2) || true
fi
wait
cat "$OUT_DIR/numpy.json" | tee -a "$LOG"

# PyTorch
log ""
log "== torch (OPENBLAS_CORETYPE=${TORCH_OPENBLAS_CORETYPE:-unset})"
if [ -n "$TORCH_OPENBLAS_CORETYPE" ]; then
    OPENBLAS_CORETYPE="$TORCH_OPENBLAS_CORETYPE" "$PY" "$HERE/eggroll_torch.py" "${ARGS[@]}" \
        > "$OUT_DIR/torch.json" 2> >(tee -a "$LOG" >&2) || true
else
    env -u OPENBLAS_CORETYPE "$PY" "$HERE/eggroll_torch.py" "${ARGS[@]}" \
        > "$OUT_DIR/torch.json" 2> >(tee -a "$LOG" >&2) || true
fi
wait
cat "$OUT_DIR/torch.json" | tee -a "$LOG"

# Ours (Eggroll.NET). DOTNET_PROCESSOR_COUNT caps Environment.ProcessorCount at the thread
# count used for the Python runs.
log ""
log "== ours (Eggroll.NET)"
rm -f "$OUT_DIR/ours.json"
if [ "$SKIP_OURS" = "1" ]; then
    log "ours: skipped"
elif ! command -v dotnet > /dev/null 2>&1; then
    log "ours: not available (dotnet not found)"
else
    if (cd "$ROOT" && env -u OPENBLAS_CORETYPE DOTNET_PROCESSOR_COUNT="$THREADS" \
            dotnet run -c Release --project src/Eggroll.Cli -- bench throughput \
            --population "$POPULATION" --rows "$ROWS" --rank "$RANK" --width "$WIDTH" --layers "$LAYERS" \
            --threads "$THREADS" --repeats "$REPEATS" --warmup "$WARMUP" --no-openes \
            --json "$OUT_DIR/ours.json" --png "$OUT_DIR/ours.png") >> "$LOG" 2>&1 && [ -s "$OUT_DIR/ours.json" ]; then
        log "ours: $OUT_DIR/ours.json"
    else
        rm -f "$OUT_DIR/ours.json"
        log "ours: not available ('bench throughput' failed or is missing; see $LOG)"
    fi
fi

# Table
log ""
"$PY" - "$OUT_DIR" "$POPULATION" "$ROWS" "$RANK" <<'EOF' | tee -a "$LOG"
import json
import os
import sys

out_dir, population, rows, rank = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def load_peer(name):
    path = os.path.join(out_dir, name + ".json")
    try:
        with open(path) as fh:
            lines = [l for l in fh.read().splitlines() if l.strip()]
        d = json.loads(lines[-1])
        return {"inference": d["inferenceRowsPerSecond"], "eggroll": d["eggrollRowsPerSecond"],
                "label": "{} {}".format(d["impl"], d["version"])}
    except (OSError, ValueError, KeyError, IndexError):
        return None


def load_ours():
    path = os.path.join(out_dir, "ours.json")
    try:
        with open(path) as fh:
            d = json.load(fh)
    except (OSError, ValueError):
        return None
    results = d.get("results") or []
    match = [r for r in results
             if r.get("population") == population and r.get("rowsPerMember") == rows and r.get("rank") == rank]
    r = (match or results or [None])[0]
    if r is None or r.get("eggrollRowsPerSecond") is None:
        return None
    return {"inference": r.get("inferenceRowsPerSecond"), "eggroll": r.get("eggrollRowsPerSecond"),
            "openEs": r.get("openEsRowsPerSecond"), "label": "ours (Eggroll.NET)"}


def fmt(v):
    return "{:>14,.0f}".format(v) if isinstance(v, (int, float)) else "{:>14}".format("n/a")


peers = {"numpy": load_peer("numpy"), "torch": load_peer("torch"), "ours": load_ours()}
print("{:<22} {:>14} {:>14} {:>10}".format("impl", "inference r/s", "eggroll r/s", "egg/inf"))
for key in ("numpy", "torch", "ours"):
    p = peers[key]
    if p is None:
        print("{:<22} {}".format(key, "not available"))
        continue
    pct = "{:>9.1f}%".format(100.0 * p["eggroll"] / p["inference"]) if p.get("inference") else "{:>10}".format("n/a")
    print("{:<22} {} {} {}".format(p["label"], fmt(p["inference"]), fmt(p["eggroll"]), pct))
ours = peers["ours"]
if ours is not None and ours.get("openEs") is not None:
    print("{:<22} {:>14} {}".format("ours OpenES", "", fmt(ours["openEs"])))
print()
if ours is None:
    print("ratios: ours not available")
else:
    for key in ("numpy", "torch"):
        p = peers[key]
        if p is None:
            print("ours/{:<6} n/a".format(key))
            continue
        egg = ours["eggroll"] / p["eggroll"]
        inf = ours["inference"] / p["inference"] if ours.get("inference") else float("nan")
        print("ours/{:<6} eggroll epoch x{:.2f}   inference x{:.2f}".format(key, egg, inf))
EOF
