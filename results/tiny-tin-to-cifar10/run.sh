#!/bin/bash
# The tiny-tin -> CIFAR-10 experiment of EXPERIMENTS.md, exactly as it ran:
# a learning-rate grid on seed 1, chosen on the held-out training images
# (the last 2,000 of data_batch_2.bin), then seeds 2 and 3 at each mode's
# chosen rate; from-scratch controls at the same schedule.
#
#   go build -o adaptformer . && results/tiny-tin-to-cifar10/run.sh ./adaptformer ../shared/datasets runs-c10
set -eu
bin=$1 data=$2 runs=$3
mkdir -p "$runs"
# run NAME MODE LR SEED INIT: one transfer (INIT "" trains from scratch).
run() {
  local dir=$runs/$1
  [ -f "$dir/run.json" ] && grep -q '"status": "finished"' "$dir/run.json" && return
  rm -rf "$dir"
  local args=(--preset tiny --dataset cifar10 --data-dir "$data" --train-limit 10000 --eval-limit 0
    --epochs 5 --batch 128 --optimizer adamw --lr "$3" --min-lr 0 --warmup-steps 40 --weight-decay 0.05
    --no-decay-bias-norm --mode "$2" --seed "$4" --threads 2 --run-dir "$dir" --name "$1" --plain)
  [ -n "$5" ] && args+=(--init-from "$5")
  "$bin" train "${args[@]}" > "$dir.log" 2>&1
}
for lr in 0.001 0.003 0.01; do run adaptformer-lr$lr-s1 adaptformer $lr 1 tiny-tin; done
for lr in 0.0005 0.001; do run full-lr$lr-s1 full $lr 1 tiny-tin; done
run linear-lr0.01-s1 linear 0.01 1 tiny-tin
run scratch-lr0.001-s1 full 0.001 1 ""
# Chosen on seed 1's final held-out top-1: adaptformer 0.01, full 0.001.
for s in 2 3; do
  run adaptformer-lr0.01-s$s adaptformer 0.01 $s tiny-tin
  run full-lr0.001-s$s full 0.001 $s tiny-tin
  run linear-lr0.01-s$s linear 0.01 $s tiny-tin
done
for s in 2 3; do run scratch-lr0.001-s$s full 0.001 $s ""; done
