#!/usr/bin/env bash
# Runs the NumPy, PyTorch and Eggroll.NET EGGROLL benchmarks for one setting and prints a
# table of rows/s with the ratios ours/numpy and ours/torch.
#
# Setting (env var or option; options win):
#   POPULATION / --population N   (default 1024)      ROWS    / --rows T      (default 16)
#   RANK       / --rank r         (default 1)         WIDTH   / --width W     (default 1024)
#   LAYERS     / --layers L       (default 4)         THREADS / --threads P   (default 2)
#   REPEATS    / --repeats K      (default 5)         WARMUP  / --warmup K    (default 1)
#   ROUNDS     / --rounds R       (default 3): the three implementations take turns R times, so a
#                                 slow spell of a shared machine hits all of them; the table gives
#                                 medians over rounds and the median of the per-round ratios
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
ROUNDS="${ROUNDS:-3}"
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
        --rounds) ROUNDS="$2"; shift 2 ;;
        --out) OUT_DIR="$2"; shift 2 ;;
        --skip-ours) SKIP_OURS=1; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
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

log "EGGROLL peers: N=$POPULATION T=$ROWS r=$RANK W=$WIDTH L=$LAYERS threads=$THREADS repeats=$REPEATS warmup=$WARMUP rounds=$ROUNDS"
log "date: $(date -Iseconds)   host: $(uname -srm)   cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
log "output: $OUT_DIR"

# One Python peer: run_peer NAME SCRIPT CORETYPE ROUND (its BLAS line goes to stderr and into the log).
run_peer() {
    local name="$1" script="$2" coretype="$3" round="$4"
    log "== $name round $round (OPENBLAS_CORETYPE=${coretype:-unset})"
    if [ -n "$coretype" ]; then
        OPENBLAS_CORETYPE="$coretype" "$PY" "$HERE/$script" "${ARGS[@]}" \
            > "$OUT_DIR/$name-$round.json" 2> >(tee -a "$LOG" >&2) || true
    else
        env -u OPENBLAS_CORETYPE "$PY" "$HERE/$script" "${ARGS[@]}" \
            > "$OUT_DIR/$name-$round.json" 2> >(tee -a "$LOG" >&2) || true
    fi
    wait
    cat "$OUT_DIR/$name-$round.json" | tee -a "$LOG"
}

# Ours (Eggroll.NET), built once. DOTNET_PROCESSOR_COUNT caps Environment.ProcessorCount at the
# thread count used for the Python runs.
run_ours() {
    local round="$1"
    log "== ours round $round (Eggroll.NET)"
    rm -f "$OUT_DIR/ours-$round.json"
    if (cd "$ROOT" && env -u OPENBLAS_CORETYPE DOTNET_PROCESSOR_COUNT="$THREADS" \
            dotnet run -c Release --no-build --project src/Eggroll.Cli -- bench throughput \
            --population "$POPULATION" --rows "$ROWS" --rank "$RANK" --width "$WIDTH" --layers "$LAYERS" \
            --threads "$THREADS" --repeats "$REPEATS" --warmup "$WARMUP" --no-openes \
            --json "$OUT_DIR/ours-$round.json" --png "$OUT_DIR/ours-$round.png") >> "$LOG" 2>&1 && [ -s "$OUT_DIR/ours-$round.json" ]; then
        log "ours: $OUT_DIR/ours-$round.json"
    else
        rm -f "$OUT_DIR/ours-$round.json"
        log "ours: not available ('bench throughput' failed or is missing; see $LOG)"
    fi
}

OURS=0
if [ "$SKIP_OURS" = "1" ]; then
    log "ours: skipped"
elif ! command -v dotnet > /dev/null 2>&1; then
    log "ours: not available (dotnet not found)"
elif (cd "$ROOT" && dotnet build -c Release src/Eggroll.Cli) >> "$LOG" 2>&1; then
    OURS=1
else
    log "ours: build failed; see $LOG"
fi

for round in $(seq 1 "$ROUNDS"); do
    log ""
    run_peer numpy eggroll_numpy.py "$NUMPY_OPENBLAS_CORETYPE" "$round"
    run_peer torch eggroll_torch.py "$TORCH_OPENBLAS_CORETYPE" "$round"
    if [ "$OURS" = "1" ]; then
        run_ours "$round"
    fi
done

# Table
log ""
"$PY" - "$OUT_DIR" "$POPULATION" "$ROWS" "$RANK" "$ROUNDS" <<'EOF' | tee -a "$LOG"
import json
import os
import statistics
import sys

out_dir, population, rows, rank, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])


def load_peer(name, round_):
    path = os.path.join(out_dir, "{}-{}.json".format(name, round_))
    try:
        with open(path) as fh:
            lines = [l for l in fh.read().splitlines() if l.strip()]
        d = json.loads(lines[-1])
        return {"inference": d["inferenceRowsPerSecond"], "eggroll": d["eggrollRowsPerSecond"],
                "label": "{} {}".format(d["impl"], d["version"])}
    except (OSError, ValueError, KeyError, IndexError):
        return None


def load_ours(round_):
    path = os.path.join(out_dir, "ours-{}.json".format(round_))
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
            "label": "ours (Eggroll.NET)"}


runs = {"numpy": [load_peer("numpy", r) for r in range(1, rounds + 1)],
        "torch": [load_peer("torch", r) for r in range(1, rounds + 1)],
        "ours": [load_ours(r) for r in range(1, rounds + 1)]}


def median_of(key, field):
    return statistics.median(run[field] for run in runs[key] if run is not None)


def fmt(v):
    return "{:>14,.0f}".format(v)


print("{} rounds; rows/s are medians over rounds".format(rounds))
print("{:<22} {:>14} {:>14} {:>10}".format("impl", "inference r/s", "eggroll r/s", "egg/inf"))
for key in ("numpy", "torch", "ours"):
    labels = [run["label"] for run in runs[key] if run is not None]
    if not labels:
        print("{:<22} {}".format(key, "not available"))
        continue
    inference, eggroll = median_of(key, "inference"), median_of(key, "eggroll")
    print("{:<22} {} {} {:>9.1f}%".format(labels[0], fmt(inference), fmt(eggroll), 100.0 * eggroll / inference))
print()
for key in ("numpy", "torch"):
    pairs = [(o, p) for o, p in zip(runs["ours"], runs[key]) if o is not None and p is not None]
    if not pairs:
        print("ours/{:<6} n/a".format(key))
        continue
    egg = statistics.median(o["eggroll"] / p["eggroll"] for o, p in pairs)
    inf = statistics.median(o["inference"] / p["inference"] for o, p in pairs)
    print("ours/{:<6} eggroll epoch x{:.2f}   inference x{:.2f}   (medians of {} per-round ratios)".format(key, egg, inf, len(pairs)))
EOF
