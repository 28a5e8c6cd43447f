"""Does the shipped SR model gain from a first noise level inside its training range? DDIM on 10 levels uniform in t,
with the grid's first level capped at sigma_max (the grid then spans t_min..t(sigma_max)), against the default grid
(first level 389 for sr_photo4, far above the levels the residual recipe trains on). 64 held-out 64 px crops,
4x pool degradation, one seed: PSNR, low-resolution consistency and the speckle fraction (pixels whose error exceeds
the 99.9th percentile of bicubic's error). Prints one line per setting.

Usage: python tools/sr_first_sigma.py [--model sr_photo4] [--n 64] [--sigma-max 10,3,1.5,0.8,0.4]
"""
import argparse, math, time
import torch
import snr_diffusion.sr3 as sr3
from snr_diffusion.samplers import sigmas_from_schedule
from snr_diffusion.pipeline import load_model
from snr_diffusion.data import photo_crops
from snr_diffusion.metrics import psnr, lr_consistency

def main(model, n, caps):
    m = load_model(model); k = m.run['sigma_data'] / 0.5
    truth = photo_crops(n, 64, split='test', seed=11); x_lr = sr3.degrade(truth, 4)
    bic = sr3.upsample_cond(x_lr, 4).clamp(-1, 1)
    thr = float((bic - truth).abs().flatten().quantile(0.999))
    print(f'{model} (sigma_data {m.run["sigma_data"]}), {n} crops; bicubic PSNR {float(psnr(bic, truth).mean()):.2f} dB')
    default = sr3.sampling_sigmas
    try:
        for cap in [None] + caps:
            def grid(schedule, sampler, steps, t_min, cap=cap):
                if cap is None: return default(schedule, sampler, steps, t_min)
                t_max = float(schedule.t_from_logsnr(torch.tensor(-2 * math.log(cap / k), dtype=torch.float64)))
                return sigmas_from_schedule(schedule, steps, t_min=t_min, t_max=t_max)
            sr3.sampling_sigmas = grid                      # super_resolve builds its grid with this name
            t0 = time.time(); y = m.sample(x_lr, seed=0)
            print(f"first sigma {float(grid(m.schedule, 'ddim', 10, m.t_min)[0]) * k:7.3g}: PSNR {float(psnr(y, truth).mean()):.2f} dB, "
                  f"consistency {float(lr_consistency(y, x_lr).mean()):.4f}, speckle {float(((y - truth).abs() > thr).float().mean()):.5f} ({time.time() - t0:.0f} s)", flush=True)
    finally: sr3.sampling_sigmas = default

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--model', default='sr_photo4'); ap.add_argument('--n', type=int, default=64)
    ap.add_argument('--sigma-max', default='10,3,1.5,0.8,0.4')
    a = ap.parse_args(); main(a.model, a.n, [float(v) for v in a.sigma_max.split(',')])
