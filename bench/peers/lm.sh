#!/usr/bin/env bash
# RWKV-7 population step, NumPy peer (rwkv7_numpy.py) against ours (eggroll bench lm), side by side:
# for every width, the two take turns ROUNDS times; each run times plain inference and the population
# step in turns itself. Prints tokens/s (medians over rounds) and the ratios ours/numpy.
#
# Settings (env var or option; options win):
#   WIDTHS     / --widths LIST     (default 256,512,768)   POPULATION / --population N (default 256)
#   LAYERS     / --layers L        (default 2)             RANK       / --rank r       (default 1)
#   THREADS    / --threads P       (default 2)             REPEATS    / --repeats K    (default 5)
#   ROUNDS     / --rounds R        (default 3)             OUT_DIR    / --out DIR      (default bench/peers/out/lm-<time>)
# OpenBLAS 0.3.21 (Debian 12) mis-detects this CPU; as in run.sh the NumPy run gets OPENBLAS_CORETYPE=COOPERLAKE
# (NUMPY_OPENBLAS_CORETYPE overrides it, an empty value leaves OpenBLAS's own detection).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
WIDTHS="${WIDTHS:-256,512,768}"
POPULATION="${POPULATION:-256}"
LAYERS="${LAYERS:-2}"
RANK="${RANK:-1}"
THREADS="${THREADS:-2}"
REPEATS="${REPEATS:-5}"
ROUNDS="${ROUNDS:-3}"
OUT_DIR="${OUT_DIR:-}"
NUMPY_OPENBLAS_CORETYPE="${NUMPY_OPENBLAS_CORETYPE-COOPERLAKE}"

while [ $# -gt 0 ]; do
    case "$1" in
        --widths) WIDTHS="$2"; shift 2 ;;
        --population) POPULATION="$2"; shift 2 ;;
        --layers) LAYERS="$2"; shift 2 ;;
        --rank) RANK="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --repeats) REPEATS="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --out) OUT_DIR="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

OUT_DIR="${OUT_DIR:-$HERE/out/lm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/run.log"
: > "$LOG"
log() { echo "$@" | tee -a "$LOG"; }

log "RWKV-7 population step: widths $WIDTHS, L=$LAYERS, N=$POPULATION, r=$RANK, threads=$THREADS, repeats=$REPEATS, rounds=$ROUNDS"
log "date: $(date -Iseconds)   cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$ROOT" && dotnet build -c Release src/Eggroll.Cli) >> "$LOG" 2>&1 || { log "ours: build failed; see $LOG"; exit 1; }

for width in ${WIDTHS//,/ }; do
    for round in $(seq 1 "$ROUNDS"); do
        log "== width $width round $round"
        env ${NUMPY_OPENBLAS_CORETYPE:+OPENBLAS_CORETYPE=$NUMPY_OPENBLAS_CORETYPE} "$PY" "$HERE/rwkv7_numpy.py" --width "$width" --layers "$LAYERS" \
            --population "$POPULATION" --rank "$RANK" --threads "$THREADS" --rounds "$REPEATS" > "$OUT_DIR/numpy-$width-$round.json"
        tee -a "$LOG" < "$OUT_DIR/numpy-$width-$round.json"
        (cd "$ROOT" && DOTNET_PROCESSOR_COUNT="$THREADS" dotnet run -c Release --no-build --project src/Eggroll.Cli -- bench lm \
            --widths "$width" --layers "$LAYERS" --population "$POPULATION" --rank "$RANK" --no-0.1b \
            --threads "$THREADS" --repeats "$REPEATS" --json "$OUT_DIR/ours-$width-$round.json") >> "$LOG" 2>&1
    done
done
log "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT_DIR" "$WIDTHS" "$ROUNDS" <<'PY' | tee -a "$LOG"
import json, os, statistics, sys
out, widths, rounds = sys.argv[1], [int(w) for w in sys.argv[2].split(",")], int(sys.argv[3])
def numpy_run(w, r):
    d = json.load(open(os.path.join(out, "numpy-{}-{}.json".format(w, r))))
    return d["plainTokensPerSecond"], d["populationTokensPerSecond"], d["populationPercent"]
def ours_run(w, r):
    d = json.load(open(os.path.join(out, "ours-{}-{}.json".format(w, r))))["results"][0]
    return d["plainTokensPerSecond"], d["populationTokensPerSecond"], d["populationPercent"]
print("{} rounds; tokens/s and % are medians over rounds, ratios medians of the per-round ratios".format(rounds))
print("{:>6} {:>14} {:>14} {:>8} {:>14} {:>14} {:>8} {:>12} {:>12}".format(
    "width", "numpy plain", "numpy pop.", "numpy %", "ours plain", "ours pop.", "ours %", "pop. ours/np", "plain ours/np"))
for w in widths:
    np_runs = [numpy_run(w, r) for r in range(1, rounds + 1)]
    our_runs = [ours_run(w, r) for r in range(1, rounds + 1)]
    med = lambda runs, i: statistics.median(run[i] for run in runs)
    print("{:>6} {:>14,.0f} {:>14,.0f} {:>7.1f}% {:>14,.0f} {:>14,.0f} {:>7.1f}% {:>11.2f}x {:>11.2f}x".format(
        w, med(np_runs, 0), med(np_runs, 1), med(np_runs, 2), med(our_runs, 0), med(our_runs, 1), med(our_runs, 2),
        statistics.median(o[1] / n[1] for o, n in zip(our_runs, np_runs)),
        statistics.median(o[0] / n[0] for o, n in zip(our_runs, np_runs))))
PY
