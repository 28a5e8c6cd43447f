"""Sampling in bf16 against float32, measured: (1) the bundled 32 px glyph model sampled in both precisions from the
same seeds (Heun, 35 levels, 256 images per seed, seeds 0-2): the largest per-image difference, and the SWD ratio to the
data-vs-data floor per level with its spread over sample seeds x 5 held-out sets x 5 SWD seeds; (2) the denoiser's
output in bf16 against float32 at noise levels from 0.002 to 80, beside the float32 denoiser's own error; (3) with two
run folders that differ only in --precision (tools/bf16_parity.py), each sampled in float32 and measured the same way.
Writes nbs/results/precision_parity.json.

Usage: python tools/precision_parity.py [RUN_FP32 RUN_BF16]
"""
import json, sys, time
import torch
from snr_diffusion.pipeline import load_model
from snr_diffusion.data import load_images
from snr_diffusion.studies import evaluate_model

def levels(rep): return {l: {k: v[k] for k in ('ratio', 'swd', 'floor')} | {'evaluations': v['evaluations']} for l, v in rep['levels'].items()}

def main(runs):
    out, t0 = {}, time.time()
    sets = {}
    for p in ('fp32', 'bf16'):
        x, rep = evaluate_model('glyphs32', n=256, steps=35, sample_seeds=(0, 1, 2), n_sets=5, progress=False, precision=p)
        sets[p] = x; out[p] = dict(levels=levels(rep), seconds_sampling=rep['seconds_sampling'])
        print(p, {l: round(v['ratio']['mean'], 3) for l, v in out[p]['levels'].items()}, f"{rep['seconds_sampling']} s", flush=True)
    d = (sets['fp32'] - sets['bf16']).abs().flatten(1)
    out['per_image'] = dict(max_abs=float(d.max()), largest_image_rms=float(d.pow(2).mean(1).sqrt().max()), mean_abs=float(d.mean()), n=len(d))
    m = load_model('glyphs32')
    x0 = load_images('glyphs', 32, 256, 'test', False, 0)
    g = torch.Generator().manual_seed(0); eps = torch.randn(x0.shape, generator=g)
    rows = []
    for sigma in torch.logspace(torch.log10(torch.tensor(0.002)), torch.log10(torch.tensor(80.)), 13).tolist():
        xh = x0 + sigma * eps
        with torch.no_grad(): d32, d16 = m.denoiser('fp32')(xh, sigma), m.denoiser('bf16')(xh, sigma)
        rows.append(dict(sigma=sigma, rms_bf16_vs_fp32=float((d16 - d32).pow(2).mean().sqrt()), rms_error_fp32=float((d32 - x0).pow(2).mean().sqrt())))
        print(f"sigma {sigma:8.4f}: |D_bf16 - D_fp32| {rows[-1]['rms_bf16_vs_fp32']:.2e}, |D_fp32 - x0| {rows[-1]['rms_error_fp32']:.2e}", flush=True)
    out['denoiser'] = rows
    if runs:
        out['trained'] = {}
        for name, r in zip(('fp32', 'bf16'), runs):
            _, rep = evaluate_model(r, n=128, steps=35, sample_seeds=(0, 1), n_sets=2, progress=False, precision='fp32')
            out['trained'][name] = dict(levels=levels(rep), step=rep['step'])
            print('trained in', name, {l: round(v['ratio']['mean'], 3) for l, v in out['trained'][name]['levels'].items()}, flush=True)
    out['seconds'] = round(time.time() - t0, 1)
    open('nbs/results/precision_parity.json', 'w').write(json.dumps(out, indent=1) + '\n')
    print('wrote nbs/results/precision_parity.json in', out['seconds'], 's')

if __name__ == '__main__': main(sys.argv[1:3])
