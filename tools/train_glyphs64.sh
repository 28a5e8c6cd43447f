#!/usr/bin/env bash
# A 64 px glyph model with Simple diffusion's shifted schedule (as if tuned at 16 px) and the stem-2 U-Net of notebook 08,
# trained in bf16 where the processor has it: the recipe of the bundled 32 px model (lr 2e-4, warm-up 200, EMA 0.999)
# at 64 px. Resumable: rerunning continues the run. Then measure it with tools/eval_glyphs64_run.py.
# Usage: bash tools/train_glyphs64.sh [STEPS]     (default 5000; RUN=runs/glyphs64_shift16)
#   INIT=glyphs64 starts the run from the bundled weights (snrd train --init; a fresh optimizer with its warm-up): this is
#   how a later session goes on with the bundled model when the run folder with its optimizer state is gone.
#   bash tools/train_glyphs64.sh bundle   copies the run to snr_diffusion/models/glyphs64; its log.csv continues the log of
#   the weights it started from (steps counted from the first run's start).
set -euo pipefail
STEPS=${1:-5000}; RUN=${RUN:-runs/glyphs64_shift16}; SNRD=${SNRD:-snrd}; PY=${PY:-python}
if [ "$STEPS" = bundle ]; then
  $PY tools/bundle_run.py "$RUN" glyphs64
elif [ -f "$RUN/checkpoint.safetensors" ]; then
  $SNRD train --out "$RUN" --resume --steps "$STEPS" --no-progress
else
  $SNRD train --out "$RUN" --data glyphs --res 64 --model compact --stem 2 --shift-from 16 --batch 64 --lr 2e-4 --warmup 200 \
    --ema 0.999 --seed 0 --steps "$STEPS" --ckpt-every 250 --log-every 50 --precision auto --no-progress ${INIT:+--init $INIT}
fi
