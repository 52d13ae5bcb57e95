#!/usr/bin/env bash
# The GPU pass for FusedAdam and the set-to-none step, sized for one ~8-minute device call: the
# launch-bound cases (DCGAN 32 and 64 px at batches 32, 64 and 256; the 2-D MLP) with the generated
# step on TorchSharp's Adam, the generated step on FusedAdam and the hand-written step, then the
# PyTorch eager reference on the same sizes. Usage and packaging as bench/gpu.sh.
set -u
source "$(dirname "$0")/gpu-setup.sh"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
B="timeout 150 $APP/functional-bench --device cuda --libtorch $TL --warmup 30"
$B --model dcgan --sizes 32 --batches 32,64,256 --steps 50 --repeats 7 --out "$OUT/fused-dcgan32.json" 2>&1 | tee "$OUT/fused.md"
$B --model dcgan --sizes 64 --batches 32,64,256 --steps 50 --repeats 7 --out "$OUT/fused-dcgan64.json" 2>&1 | tee -a "$OUT/fused.md"
$B --model mlp --batches 32,256,1024 --steps 100 --repeats 7 --out "$OUT/fused-mlp.json" 2>&1 | tee -a "$OUT/fused.md"
for s in 32 64; do
  timeout 90 python3 bench/reference/dcgan_step.py --sizes $s --batches 32,64,256 --steps 50 --repeats 7 --warmup 30 --out "$OUT/fused-pytorch$s.json" 2>&1 | tee -a "$OUT/fused.md"
done
