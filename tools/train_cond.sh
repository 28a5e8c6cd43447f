#!/usr/bin/env bash
# Notebook 12's conditional glyph model, a resumable run of snrd train, the bundle, and its measurement:
#   1. train: the 'compact' U-Net on 20000 glyphs at 32 px with a class embedding of the character and the font, labels
#      dropped with probability 0.1 (classifier-free guidance)
#   2. bundle: copy the run's model.safetensors, config.json and log.csv to snr_diffusion/models/glyphs32_cond
#   3. eval: tools/eval_cond.py on the bundle (nbs/results/cond.json), and its best setting as the bundle's default
#      guidance (sampling.json)
# Rerunning resumes an unfinished run. Usage: bash tools/train_cond.sh [train] [bundle] [eval]   (default: all three)
#   STEPS=7000 RUNS=runs SNRD=snrd DEVICE=cuda (default: the GPU if any)
set -euo pipefail
STEPS=${STEPS:-7000}; RUNS=${RUNS:-runs}; SNRD=${SNRD:-snrd}; PY=${PY:-python}
DEV=${DEVICE:+--device $DEVICE}
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(train bundle eval)
for s in "${steps[@]}"; do
  case $s in
    train) if [ -f "$RUNS/cond32/checkpoint.safetensors" ]; then $SNRD train --out "$RUNS/cond32" --resume --steps "$STEPS" --no-progress $DEV
           else $SNRD train --out "$RUNS/cond32" --data glyphs --res 32 --model compact --cond class --cond-drop 0.1 --batch 64 --lr 2e-4 \
                  --warmup 200 --ema 0.999 --seed 0 --steps "$STEPS" --ckpt-every 250 --log-every 50 --sample-every 1000 --no-progress $DEV; fi ;;
    bundle) dst=snr_diffusion/models/glyphs32_cond; mkdir -p "$dst"
        cp "$RUNS/cond32/model.safetensors" "$RUNS/cond32/config.json" "$RUNS/cond32/log.csv" "$dst/"
        echo "bundled $RUNS/cond32 as $dst ($(du -h "$dst/model.safetensors" | cut -f1))" ;;
    eval) $PY tools/eval_cond.py glyphs32_cond --bundle-defaults ;;
    *) echo "unknown step $s: use train, bundle or eval" >&2; exit 1 ;;
  esac
done
