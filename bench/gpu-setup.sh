# Sourced by the bench/gpu*.sh passes: results folder, PyTorch's libtorch on the library path, and
# the self-contained bench and CLI unpacked (see docs/benchmarks.md for how .gpu/app.tar.xz is made).
OUT=${OUT:-gpu-results}; mkdir -p "$OUT"
TL=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib
export LD_LIBRARY_PATH=$TL:${LD_LIBRARY_PATH:-} DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
APP=/tmp/functional-app; mkdir -p $APP && tar -xJf .gpu/app.tar.xz -C $APP
