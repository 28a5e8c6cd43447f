#!/usr/bin/env bash
# Notebook 12's conditional glyph model, a resumable run of snrd train, the bundle, and its measurement:
#   1. train: the 'compact' U-Net on 20000 glyphs at 32 px with a class embedding of the character and the font, labels
#      dropped with probability 0.1 (classifier-free guidance)
#   2. bundle: tools/bundle_run.py copies the run's model.safetensors, config.json and log.csv to snr_diffusion/models/glyphs32_cond
#   3. eval: tools/eval_cond.py on the bundle (nbs/results/cond.json), and its best setting as the bundle's default
#      guidance (sampling.json)
# Rerunning resumes an unfinished run. Usage: bash tools/train_cond.sh [train] [bundle] [eval]   (default: all three)
#   STEPS=7000 RUNS=runs RUN=cond32 SNRD=snrd DEVICE=cuda (default: the GPU if any)
#   INIT=glyphs32_cond RUN=cond32_more: a new run from the bundled weights (snrd train --init, a fresh optimizer); its
#   bundle continues the bundled log (tools/bundle_run.py). This is how a later session trains the bundle on.
set -euo pipefail
STEPS=${STEPS:-7000}; RUNS=${RUNS:-runs}; RUN=${RUN:-cond32}; SNRD=${SNRD:-snrd}; PY=${PY:-python}
DEV=${DEVICE:+--device $DEVICE}
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(train bundle eval)
for s in "${steps[@]}"; do
  case $s in
    train) if [ -f "$RUNS/$RUN/checkpoint.safetensors" ]; then $SNRD train --out "$RUNS/$RUN" --resume --steps "$STEPS" --no-progress $DEV
           else $SNRD train --out "$RUNS/$RUN" --data glyphs --res 32 --model compact --cond class --cond-drop 0.1 --batch 64 --lr 2e-4 \
                  --warmup 200 --ema 0.999 --seed 0 --steps "$STEPS" --ckpt-every 250 --log-every 50 --sample-every 1000 --no-progress $DEV ${INIT:+--init $INIT}; fi ;;
    bundle) $PY tools/bundle_run.py "$RUNS/$RUN" glyphs32_cond ;;
    eval) $PY tools/eval_cond.py glyphs32_cond --bundle-defaults ;;
    *) echo "unknown step $s: use train, bundle or eval" >&2; exit 1 ;;
  esac
done
