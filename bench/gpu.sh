#!/usr/bin/env bash
# The GPU half of the benchmark, for a machine with a CUDA build of PyTorch and no .NET:
# unpacks the self-contained bench and CLI (see docs/benchmarks.md for how .gpu/app.tar.xz is made),
# points them at PyTorch's own libtorch, and runs the generated step, the hand-written step and
# the PyTorch reference side by side. Results go to $OUT (or ./gpu-results).
set -u
source "$(dirname "$0")/gpu-setup.sh"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
echo "## CLI on CUDA through --libtorch" | tee "$OUT/log.md"
timeout 120 $APP/functional train ring8 --steps 1000 --device cuda --libtorch "$TL" --out /tmp/runs --log-every 500 2>&1 | tee -a "$OUT/log.md"
timeout 60 $APP/functional train ring8 --steps 10 --device cuda:7 --libtorch "$TL" --out /tmp/runs 2>&1 | tee -a "$OUT/log.md"; echo "exit $?" | tee -a "$OUT/log.md"
echo "## functional-bench" | tee -a "$OUT/log.md"
B="timeout 200 $APP/functional-bench --device cuda --libtorch $TL --steps 20 --repeats 5 --warmup 10"
$B --model dcgan --sizes 64 --batches 32,64,256,1024 --out "$OUT/dcgan64.json" 2>&1 | tee -a "$OUT/log.md"
$B --model dcgan --sizes 32 --batches 32,64,256,1024 --out "$OUT/dcgan32.json" 2>&1 | tee -a "$OUT/log.md"
$B --model dcgan --sizes 128 --batches 32,64,256 --out "$OUT/dcgan128.json" 2>&1 | tee -a "$OUT/log.md"
$B --model mlp --batches 32,64,256,1024 --soak 10000 --out "$OUT/mlp.json" 2>&1 | tee -a "$OUT/log.md"
echo "## PyTorch eager reference" | tee -a "$OUT/log.md"
for s in 32 64 128; do
  bs=32,64,256,1024; [ $s = 128 ] && bs=32,64,256
  timeout 150 python3 bench/reference/dcgan_step.py --sizes $s --batches $bs --steps 20 --repeats 5 --out "$OUT/pytorch$s.json" 2>&1 | tee -a "$OUT/log.md"
done
