#!/usr/bin/env bash
# The thread table of docs/benchmarks.md ("Threads"): the generated step at 1 and 2 intra-op
# threads (alternating within each process), under each OpenMP wait policy (one process per
# policy: libgomp reads it once, at load), alone and beside one competing CPU-bound process.
#   bench/threads.sh [OUT_DIR]      (default bench/results/cpu/threads)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/cpu/threads}
mkdir -p "$OUT"
dotnet build bench/Functional.Bench -c Release -v q -nologo >/dev/null
BENCH="dotnet bench/Functional.Bench/bin/Release/net10.0/functional-bench.dll"
{ uptime; nproc; grep -m1 'model name' /proc/cpuinfo; } > "$OUT/machine.txt"

run() {   # policy, competitor (alone|beside), then the bench's arguments
  local policy=$1 company=$2; shift 2
  local name="$OUT/$policy-$company-$1-$2"
  local burner=""
  if [ "$company" = beside ]; then
    sha256sum /dev/zero & burner=$!
  fi
  FUNCTIONAL_WAIT_POLICY=$policy $BENCH --device cpu --threads-table 1,2 --model "$1" --sizes "$2" --batches "$3" \
    --steps "$4" --repeats "$5" --warmup 3 --out "$name.json" | tee "$name.md"
  if [ -n "$burner" ]; then kill "$burner"; wait "$burner" 2>/dev/null || true; fi
}

for company in alone beside; do
  for policy in passive active default; do
    run $policy $company mlp 2 256,1024 100 5
    run $policy $company dcgan 32 32,64 5 5
    run $policy $company dcgan 64 32 3 5
  done
done
