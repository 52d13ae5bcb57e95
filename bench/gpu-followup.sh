#!/usr/bin/env bash
# Second GPU pass: the PyTorch reference for the 2-D MLP, and the small-batch DCGAN rows again
# with more steps per repeat (the first pass's spreads there were as large as the differences).
set -u
source "$(dirname "$0")/gpu-setup.sh"
B="timeout 200 $APP/functional-bench --device cuda --libtorch $TL --warmup 30"
$B --model dcgan --sizes 64 --batches 32,64 --steps 100 --repeats 9 --out "$OUT/dcgan64-small.json" 2>&1 | tee "$OUT/log2.md"
$B --model mlp --batches 32,256,1024 --steps 100 --repeats 9 --out "$OUT/mlp2.json" 2>&1 | tee -a "$OUT/log2.md"
timeout 120 python3 bench/reference/dcgan_step.py --model mlp --batches 32,256,1024 --steps 100 --repeats 9 --warmup 30 --out "$OUT/pytorch-mlp.json" 2>&1 | tee -a "$OUT/log2.md"
timeout 120 python3 bench/reference/dcgan_step.py --sizes 64 --batches 32,64 --steps 100 --repeats 9 --warmup 30 --out "$OUT/pytorch64-small.json" 2>&1 | tee -a "$OUT/log2.md"
