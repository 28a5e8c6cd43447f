#!/usr/bin/env bash
# Notebook 10's super-resolution models (issue 9), each a resumable `snrd train --task sr` run in $RUNS/<run>.
# Rerunning the script resumes unfinished runs (up to STEPS) and leaves finished ones as they are.
#
#   photo4      SR3, 4x, with the residual recipe of notebook 10 (y - U[x_lr], EDM-preconditioned, --sr-param edm): 8 -> 32 px
#               crops of the training photographs (notebook 05's train sources only), RGB. The U-Net is convolutional, so it
#               is trained on 32 px crops (a quarter of the pixels of 64 px) and applied to images of any size.
#   photo4_reg  the regression baseline: the same network, data, steps and seed, trained to predict the residual (MSE)
#   photo4_mod  the StableSR-style variant: the same U-Net fed through feature modulation (LREncoder), same steps
#   glyph2      the 2x stage of the 64 px glyph cascade (32 -> 64 px), with noise-conditioning augmentation
#               lambda_aug ~ U(2, 12); it follows the bundled 32 px glyph model in notebook 10's head-to-head
#   bundle      copy photo4's EMA weights to snr_diffusion/models/sr_photo4 (4.8 MB), the default model of `snrd sr`
#
# Usage: bash tools/train_sr3.sh [run ...]        (default: photo4 photo4_reg photo4_mod glyph2 bundle)
#   STEPS=1000  optimizer steps of every photo run (they must share it: the comparisons are at equal budget)
#   GLYPH_STEPS=400  optimizer steps of glyph2 (64 px, the cascade's second stage)
#   RUNS=runs/sr3  DEVICE=cuda (default: the GPU if any)  SNRD=snrd
# Then: SNRD_RECOMPUTE=1 .venv/bin/python tools/run_tests.py nbs/10_sr3.ipynb --flags slow --save --cell-timeout 36000
# (or `make nbs`) measures them and writes nbs/10_sr3_*.json.
#
# Cost, measured on 2026-11-23 on the 2-core CPU, one torch thread per run, two runs side by side (nice 10):
#   photo4 and photo4_reg: 1000 steps in 1060 s and 1057 s of training (about 1.05 s per step at 32 px, batch 32);
#   photo4_mod: 1000 steps in 2490 s and glyph2 (64 px, 1 channel): 400 steps in 2877 s, both while notebook 10's
#   20-minute photo measurement held the machine (with one core each, log.csv shows about 0.9 s per step for photo4_mod and 3.2 s for glyph2).
# The old 64 px recipe cost about 3.6 s per step per run. A GPU (DEVICE=cuda) is far faster.
set -euo pipefail
STEPS=${STEPS:-1000}; GLYPH_STEPS=${GLYPH_STEPS:-400}; RUNS=${RUNS:-runs/sr3}; SNRD=${SNRD:-snrd}
DEV=${DEVICE:+--device $DEVICE}
COMMON="--task sr --sr-param edm --model compact --batch 32 --lr 2e-4 --warmup 200 --ema 0.999 --seed 0 --ckpt-every 250 --log-every 25"
PHOTO="--data photos --color --res 32 --n-data 8000 --scale 4 --degrade pool"
declare -A RUN=(
  [photo4]="$PHOTO --sr-variant concat"
  [photo4_reg]="$PHOTO --sr-variant regression"
  [photo4_mod]="$PHOTO --sr-variant modulation"
  [glyph2]="--data glyphs --res 64 --n-data 10000 --scale 2 --degrade pool --aug-logsnr 2,12 --sr-variant concat"
)
runs=("$@"); [ ${#runs[@]} -eq 0 ] && runs=(photo4 photo4_reg photo4_mod glyph2 bundle)
for r in "${runs[@]}"; do
  if [ "$r" = bundle ]; then
    dst=snr_diffusion/models/sr_photo4; mkdir -p "$dst"
    cp "$RUNS/photo4/model.safetensors" "$RUNS/photo4/config.json" "$RUNS/photo4/log.csv" "$dst/"
    echo "bundled $RUNS/photo4 as $dst ($(du -h "$dst/model.safetensors" | cut -f1))"; continue
  fi
  [ -n "${RUN[$r]+x}" ] || { echo "unknown run $r: use photo4, photo4_reg, photo4_mod, glyph2 or bundle" >&2; exit 1; }
  out="$RUNS/$r"; n=$STEPS; [ "$r" = glyph2 ] && n=$GLYPH_STEPS
  if [ -f "$out/checkpoint.safetensors" ]; then
    $SNRD train --out "$out" --resume --steps "$n" --no-progress $DEV
  else
    $SNRD train --out "$out" $COMMON ${RUN[$r]} --steps "$n" --no-progress $DEV
  fi
done
