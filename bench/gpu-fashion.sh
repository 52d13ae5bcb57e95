#!/usr/bin/env bash
# The GPU rows of docs/benchmarks.md's Fashion-MNIST table, for a machine with a CUDA GPU and
# PyTorch's libtorch (as bench/gpu.sh): fashion-mnist trained for 3 and 8 minutes of wall-clock
# training time on the GPU, DCGAN stack and the ResNet stack, evaluated as on the CPU. The
# Fashion-MNIST files must be there: apt-get install dataset-fashion-mnist, or copy the four
# files and pass FASHION=DIR. Package first, on the development machine:
#   dotnet publish bench/Images -c Release -r linux-x64 --self-contained -p:TorchBackend=external -o .gpu/app
#   tar -cJf .gpu/app.tar.xz -C .gpu/app .
# then on the GPU machine: OUT=gpu-results bench/gpu-fashion.sh
set -u
source "$(dirname "$0")/gpu-setup.sh"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
B="$APP/functional-bench-images budget --device cuda --libtorch $TL --minutes 3,8 --seeds 1 ${FASHION:+--data $FASHION}"
timeout 900 $B --out "$OUT/fashion-gpu" --label dcgan 2>&1 | tee "$OUT/fashion-gpu.md"
timeout 900 $B --out "$OUT/fashion-gpu" --label resnet --set residual=true,generator_width=64,discriminator_width=64 2>&1 | tee -a "$OUT/fashion-gpu.md"
