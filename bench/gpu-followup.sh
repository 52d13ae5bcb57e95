#!/usr/bin/env bash
# Second GPU pass: the PyTorch reference for the 2-D MLP, and the small-batch DCGAN rows again
# with more steps per repeat (the first pass's spreads there were as large as the differences).
set -u
OUT=${OUT:-gpu-results}; mkdir -p "$OUT"
TL=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib
export LD_LIBRARY_PATH=$TL:${LD_LIBRARY_PATH:-} DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
APP=/tmp/functional-app; mkdir -p $APP && tar -xJf .gpu/app.tar.xz -C $APP
B="timeout 200 $APP/functional-bench --device cuda --libtorch $TL --warmup 30"
$B --model dcgan --sizes 64 --batches 32,64 --steps 100 --repeats 9 --out "$OUT/dcgan64-small.json" 2>&1 | tee "$OUT/log2.md"
$B --model mlp --batches 32,256,1024 --steps 100 --repeats 9 --out "$OUT/mlp2.json" 2>&1 | tee -a "$OUT/log2.md"
timeout 120 python3 bench/reference/dcgan_step.py --model mlp --batches 32,256,1024 --steps 100 --repeats 9 --warmup 30 --out "$OUT/pytorch-mlp.json" 2>&1 | tee -a "$OUT/log2.md"
timeout 120 python3 bench/reference/dcgan_step.py --sizes 64 --batches 32,64 --steps 100 --repeats 9 --warmup 30 --out "$OUT/pytorch64-small.json" 2>&1 | tee -a "$OUT/log2.md"
