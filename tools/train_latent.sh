#!/usr/bin/env bash
# Notebook 11's latent diffusion model of glyphs, two resumable runs of snrd train, then the bundle:
#   1. the autoencoder (f = 4, c = 4: 32 px glyphs -> 8x8x4 latents), KL weight 1e-6, L1 reconstruction
#   2. the diffusion model of its scaled latents (U-Net 'latent', two levels), which records the autoencoder's hash and scale
#   3. bundle: copy both to snr_diffusion/models/glyphs32_latent (model.safetensors, config.json, log.csv, autoencoder.safetensors)
# Rerunning resumes unfinished runs. Usage: bash tools/train_latent.sh [ae] [ld] [bundle]   (default: all three)
#   AE_STEPS=5000 LD_STEPS=14000 RUNS=runs/latent SNRD=snrd DEVICE=cuda (default: the GPU if any)
# Cost, measured on 2026-12-07 on the 2-core CPU, one torch thread per run while two or three other runs shared the machine
# (bf16): the autoencoder 5000 steps in 1241 s (batch 32), the latent model 14000 steps in 1682 s (batch 64). The shipped
# model is step 14000 of a run started with LD_STEPS=8000 and resumed with 20000 (the learning rate is constant after the
# warm-up and a resumed run continues exactly, so the weights at step 14000 do not depend on the planned length).
set -euo pipefail
AE_STEPS=${AE_STEPS:-5000}; LD_STEPS=${LD_STEPS:-14000}; RUNS=${RUNS:-runs/latent}; SNRD=${SNRD:-snrd}
DEV=${DEVICE:+--device $DEVICE}
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(ae ld bundle)
for s in "${steps[@]}"; do
  case $s in
    ae) if [ -f "$RUNS/ae_f4c4/checkpoint.safetensors" ]; then $SNRD train --out "$RUNS/ae_f4c4" --resume --steps "$AE_STEPS" --no-progress $DEV
        else $SNRD train --task autoencoder --out "$RUNS/ae_f4c4" --data glyphs --res 32 --factor 4 --latent-channels 4 --batch 32 --lr 5e-4 \
               --warmup 200 --ema 0.999 --seed 0 --steps "$AE_STEPS" --ckpt-every 250 --log-every 50 --no-progress $DEV; fi ;;
    ld) if [ -f "$RUNS/glyphs32_latent/checkpoint.safetensors" ]; then $SNRD train --out "$RUNS/glyphs32_latent" --resume --steps "$LD_STEPS" --no-progress $DEV
        else $SNRD train --latent "$RUNS/ae_f4c4" --out "$RUNS/glyphs32_latent" --data glyphs --res 32 --model latent --batch 64 --lr 2e-4 \
               --warmup 200 --ema 0.999 --seed 0 --steps "$LD_STEPS" --ckpt-every 250 --log-every 50 --no-progress $DEV; fi ;;
    bundle) dst=snr_diffusion/models/glyphs32_latent; mkdir -p "$dst"
        cp "$RUNS/glyphs32_latent/model.safetensors" "$RUNS/glyphs32_latent/config.json" "$RUNS/glyphs32_latent/log.csv" "$dst/"
        cp "$RUNS/ae_f4c4/model.safetensors" "$dst/autoencoder.safetensors"
        echo "bundled $RUNS/glyphs32_latent and its autoencoder as $dst ($(du -ch "$dst"/*.safetensors | tail -1 | cut -f1))" ;;
    *) echo "unknown step $s: use ae, ld or bundle" >&2; exit 1 ;;
  esac
done
