#!/usr/bin/env bash
# Notebook 08's experiment: equal-compute arms on 64 px glyphs (same network, steps, batch, seed), each a resumable
# `snrd train` run in $RUNS/<arm>. Rerunning the script resumes unfinished arms and skips finished ones.
# Usage: bash tools/train_simple_arms.sh [arm ...]   (default: all; STEPS=800 RUNS=runs/simple)
set -euo pipefail
STEPS=${STEPS:-800}; RUNS=${RUNS:-runs/simple}; SNRD=${SNRD:-snrd}
COMMON="--data glyphs --res 64 --model compact --stem 2 --batch 64 --lr 3e-4 --warmup 100 --ema 0.995 --seed 0 --ckpt-every 200 --log-every 25"
declare -A ARM=(
  [cosine]=""
  [shift32]="--shift-from 32"
  [shift16]="--shift-from 16"
  [interp16]="--interpolate 16"
  [multiscale]="${MS_SCHEDULE:---shift-from 16} --multiscale 1,2,4 --multiscale-weights equal"   # equal weights, as this arm was run; the schedule: the best of the first three arms by tools/pick_simple_schedule.py (notebook 08)
)
arms=("$@"); [ ${#arms[@]} -eq 0 ] && arms=(cosine shift32 shift16 interp16 multiscale)
for a in "${arms[@]}"; do
  out="$RUNS/$a"
  if [ -f "$out/checkpoint.safetensors" ]; then
    $SNRD train --out "$out" --resume --steps "$STEPS" --no-progress
  else
    $SNRD train --out "$out" $COMMON ${ARM[$a]} --steps "$STEPS" --no-progress
  fi
done
