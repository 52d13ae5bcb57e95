#!/usr/bin/env bash
# The mode-coverage tables of docs/benchmarks.md ("2-D mixtures"), from the CLI's own `train` runs:
# each experiment trained per seed into bench/results/cpu/mixtures-goal/<row>/, then scored from
# its final samples.csv by `functional-bench-mixtures score`. One stream per mixture:
#   bench/mixtures-goal.sh ring     # ring8-tricks (seeds 0-19), its 20,000-step check, and beside it on seeds 10-14
#   bench/mixtures-goal.sh grid     # the same for grid25-tricks (beside it on seeds 10-11: CPU time)
#   bench/mixtures-goal.sh search ROW "SEEDS" TRAIN-ARGS...   # one row of a tuning round, scored the same
#                                   # way, into bench/results/cpu/mode-search/round2/ROW (round 2's rows: its README)
# Seeds 0-9 were used for tuning (bench/results/cpu/mode-search); 10-19 never were. The tables of
# 2026-12-02 ran these rows as two parallel streams per mixture (the same runs, in another order).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results/cpu/mixtures-goal
CLI="dotnet src/Cli/bin/Release/net10.0/functional.dll"
dotnet build src/Cli -c Release -v q -nologo >/dev/null
dotnet build bench/Mixtures -c Release -v q -nologo >/dev/null
SCORE="dotnet bench/Mixtures/bin/Release/net10.0/functional-bench-mixtures.dll score"

train() {   # row, seeds, then train's arguments
  local row=$1 seeds=$2; shift 2
  mkdir -p "$OUT/$row"
  for seed in $seeds; do
    if ls "$OUT/$row"/*-seed$seed/samples.csv >/dev/null 2>&1; then continue; fi
    rm -rf "$OUT/$row"/*-seed$seed
    local folder="$OUT/$row/tmp"
    $CLI train "$@" --seed "$seed" --threads 1 --out "$folder" --log-every 1000 > "$OUT/$row/seed$seed.log" 2>&1
    local run=$(ls -d "$folder"/*/ | head -1)
    mv "$run" "$OUT/$row/$(basename "$run")-seed$seed"
    rm -rf "$folder"
  done
  $SCORE "$OUT/$row"/*-seed* > "$OUT/$row.md"
}

held="10 11 12 13 14 15 16 17 18 19"
ring_beside="10 11 12 13 14"
grid_beside="10 11"
all="0 1 2 3 4 5 6 7 8 9 $held"
case "${1:-}" in
  ring)
    train ring8-tricks "$all" ring8-tricks
    train ring8-tricks-20k "10 11 12" ring8-tricks --steps 20000 --eval-every 5000
    train ring8-tricks-no-code "$ring_beside" ring8-tricks --set code_categories=0
    train ring8-tricks-code16 "$ring_beside" ring8-tricks --set code_categories=16
    train ring8 "$ring_beside" ring8 --steps 5000
    ;;
  grid)
    train grid25-tricks "$all" grid25-tricks
    train grid25-tricks-20k "10 11 12" grid25-tricks --steps 20000 --eval-every 5000
    train grid25-tricks-no-code "$grid_beside" grid25-tricks --set code_categories=0
    train grid25-tricks-code50 "$grid_beside" grid25-tricks --set code_categories=50
    train grid25 "$grid_beside" grid25 --steps 10000
    ;;
  search)
    [ $# -ge 4 ] || { echo "usage: bench/mixtures-goal.sh search ROW \"SEEDS\" EXPERIMENT [train options]" >&2; exit 2; }
    OUT=bench/results/cpu/mode-search/round2
    train "$2" "$3" "${@:4}"
    ;;
  *) echo "usage: bench/mixtures-goal.sh ring|grid|search ROW \"SEEDS\" EXPERIMENT [train options]" >&2; exit 2 ;;
esac
