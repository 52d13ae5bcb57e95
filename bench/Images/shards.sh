#!/usr/bin/env bash
# Runs the glyphs-cgan ablation as N processes at once, one libtorch thread each, for a machine
# with N free cores: process i takes shard i/N of the (variant, seed) pairs, all of them append to
# one results.csv (each line under a file lock), and the table and plot are written when all are
# done. Stopped, it resumes like a single process: run it again with the same folder.
#   usage: bench/Images/shards.sh N FOLDER [functional-bench-images options, e.g. --seeds 0-2 --steps 1500]
#   BENCH  the command that runs functional-bench-images (default: the Release build's dll)
#   LOGS   where each process's log goes (default: FOLDER)
set -u
N=$1; FOLDER=$2; shift 2
BENCH=${BENCH:-"dotnet bench/Images/bin/Release/net10.0/functional-bench-images.dll"}
LOGS=${LOGS:-$FOLDER}
mkdir -p "$FOLDER" "$LOGS"
for i in $(seq 0 $((N - 1))); do
  $BENCH ablate --out "$FOLDER" --shard "$i/$N" "$@" > "$LOGS/shard$i.log" 2>&1 &
done
wait
$BENCH table --out "$FOLDER" "$@"
