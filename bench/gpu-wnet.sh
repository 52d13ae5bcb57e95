#!/usr/bin/env bash
# glyphs-wnet on a GPU (docs/benchmarks.md, "W-Net"): W-Net's own width (64) at 64 px, the same
# 10- and 30-minute marks as the CPU runs, then the ablation at the CPU's small size for the speed-up.
# Needs the 18 font packages of docs/data.md on the machine (or FONTS=DIR, a folder of those fonts,
# passed as --data with --set fonts=13); not run yet: no device was lent to the task that wrote it.
set -u
source "$(dirname "$0")/gpu-setup.sh"
F="timeout 2400 $APP/functional --libtorch $TL --device cuda"
DATA=${FONTS:+--data $FONTS}
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$OUT/wnet-gpu.txt"
$F train glyphs-wnet $DATA --seed 2 --set width=64 --steps 30000 --eval-every 1000 --out "$OUT/wnet" 2>&1 | tee "$OUT/wnet-train.log"
$F ablate glyphs-wnet --seeds 1,2,3 --steps 2000 --batch-size 16 --set size=16 --set width=8 --out "$OUT/wnet-ablation" 2>&1 | tee "$OUT/wnet-ablation.log"
