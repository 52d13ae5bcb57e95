#!/usr/bin/env bash
# The small-data measurement of docs/benchmarks.md: fashion-mnist on the first 1,000 and 5,000
# training images, with and without augmentation (adaptive DiffAugment), each trained for 5 and
# 10 minutes of training CPU time on one libtorch thread and evaluated at both, one run at a time.
#   usage: bench/Images/small-data.sh FOLDER [SEED]
#   BENCH  the command that runs functional-bench-images (default: the Release build's dll)
#   IMAGES the training-set sizes (default "1000 5000"; IMAGES=1000 and IMAGES=5000 run as two streams)
set -eu
FOLDER=$1; SEED=${2:-1}
BENCH=${BENCH:-"dotnet bench/Images/bin/Release/net10.0/functional-bench-images.dll"}
mkdir -p "$FOLDER"
for images in ${IMAGES:-1000 5000}; do
  for augment in true false; do
    label="n${images}-$([ $augment = true ] && echo ada || echo plain)"
    nice -n 10 $BENCH budget --minutes 5,10 --seeds "$SEED" --untrained false --out "$FOLDER" --label "$label" \
      --set "training_images=$images,augment=$augment" > "$FOLDER/$label.log" 2>&1
  done
done
