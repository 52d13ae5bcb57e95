#!/usr/bin/env bash
# The data-parallel table of docs/benchmarks.md ("Data-parallel"): the generated step (FusedAdam)
# at 1 and 2 ranks of mpirun on this host, the global batch split over the ranks, for the 2-D MLP
# and the DCGAN at 32 px; steps/s, the all-reduce hook's time and share of a step, and the
# all-reduce alone on buffers of the same size. One intra-op thread per rank (2 ranks on 2 cores).
#   bench/data-parallel.sh [OUT_DIR]      (default bench/results/cpu/data-parallel)
# Needs Open MPI (apt-get install openmpi-bin libopenmpi-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/cpu/data-parallel}
mkdir -p "$OUT"
dotnet build bench/Functional.Bench -c Release -v q -nologo >/dev/null
BENCH="bench/Functional.Bench/bin/Release/net10.0/functional-bench.dll"
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
{ date -Is; uptime; nproc; grep -m1 'model name' /proc/cpuinfo; mpirun --version | head -1; } > "$OUT/machine.txt"

run() {   # ranks, then the bench's arguments
  local ranks=$1; shift
  local name="$OUT/$1-$2-$3-np$ranks-round$round"
  uptime > "$name.load"
  mpirun -np "$ranks" --bind-to none dotnet "$BENCH" --data-parallel --device cpu --threads 1 \
    --model "$1" --sizes "$2" --batches "$3" --steps "$4" --repeats "$5" --warmup 5 --out "$name.json" | tee "$name.md"
  uptime >> "$name.load"
}

# Alternate the rank counts, so that neither always runs on a quieter machine.
for round in 1 2; do
  for ranks in 1 2; do
    run $ranks mlp 2 256,1024 100 7
    run $ranks dcgan 32 64 10 7
  done
done
