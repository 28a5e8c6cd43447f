"""Compare super-resolution models on held-out photographs (4x, pool degradation): PSNR, SSIM, low-resolution consistency,
SWD per level with the data-vs-data floor, and two speckle measures: the fraction of pixels whose error exceeds the
99.9th percentile of bicubic's error on the same crops, and the power above the input's Nyquist frequency relative to
the truth's. Writes nbs/results/sr_bundle.json (or --out).

With --mean-of K (K > 1), also the mean of K samples (seeds 0..K-1) of each model: an estimate of the posterior mean
E[y | x_lr], whose error a single posterior sample doubles (E|y_sample - y|^2 = 2 E|E[y|x_lr] - y|^2, about 3 dB of PSNR).

Usage: python tools/eval_sr_bundle.py MODEL [MODEL ...] [--n 128] [--res 64] [--seeds 0,1] [--mean-of 6] [--out nbs/results/sr_bundle.json]
       (MODEL: a bundled name such as sr_photo4, a run folder or a model.safetensors)
"""
import argparse, hashlib, json, time
from pathlib import Path
import torch
from snr_diffusion.data import photo_crops
from snr_diffusion.metrics import psnr, ssim, swd, swd_floor, lr_consistency, radial_power_spectrum
from snr_diffusion.pipeline import load_model
from snr_diffusion.sr3 import degrade, upsample_cond

ROOT = Path(__file__).resolve().parents[1]

def speckle(y, truth, thr):
    "Fraction of pixels (any channel) whose |error| exceeds thr."
    return float(((y - truth).abs() > thr).float().mean())

def hf_power(y, truth, s):
    "Power above the input's Nyquist frequency (radius > N / (2 s) cycles), of y relative to the truth's."
    (r, py), (_, pt) = radial_power_spectrum(y), radial_power_spectrum(truth)
    above = r > y.shape[-1] // (2 * s)
    return float(py[above].sum() / pt[above].sum())

def evaluate(y, truth, x_lr, s, test, thr):
    return dict(psnr=float(psnr(y, truth).mean()), ssim=float(ssim(y, truth).mean()), consistency=float(lr_consistency(y, x_lr).mean()),
                swd={str(k): v for k, v in swd(test, y).items()}, speckle=speckle(y, truth, thr), hf_power=hf_power(y, truth, s),
                mean=float(y.mean()))

def main(models, n, res, seeds, out, mean_of=0):
    truth = photo_crops(n, res, split='test', seed=11)                       # held-out photographs
    test = photo_crops(n, res, split='test', seed=12)                        # another held-out draw: the SWD reference
    train = photo_crops(n, res, split='train', seed=13)
    x_lr = degrade(truth, 4)
    bic = upsample_cond(x_lr, 4, 'bicubic').clamp(-1, 1)
    thr = float((bic - truth).abs().flatten().quantile(0.999))
    rep = dict(n=n, res=res, scale=4, degrade='pool', seeds=seeds, speckle_threshold=thr, floor={str(k): v for k, v in swd_floor(train, test).items()},
               truth=dict(hf_power=1.0, mean=float(truth.mean()), swd={str(k): v for k, v in swd(test, truth).items()}),
               rows={'bicubic': evaluate(bic, truth, x_lr, 4, test, thr)})
    for m in models:
        model = load_model(m)
        got = {}                                                          # samples by seed, reused by --mean-of
        for seed in seeds:
            t0 = time.time()
            y = got[seed] = model.sample(x_lr, seed=seed, progress=False, precision='fp32')
            r = evaluate(y, truth, x_lr, 4, test, thr)
            r.update(seconds=round(time.time() - t0, 1), step=model.config['step'], sha256=hashlib.sha256(model.path.read_bytes()).hexdigest())
            rep['rows'][f'{m} seed {seed}'] = r
            print(f"{m} seed {seed} (step {r['step']}): PSNR {r['psnr']:.2f} SSIM {r['ssim']:.3f} consistency {r['consistency']:.4f} speckle {r['speckle']:.4f} hf {r['hf_power']:.2f} "
                  + ' '.join(f"swd{k} {v * 1e3:.0f}" for k, v in r['swd'].items()), flush=True)
        if mean_of > 1:
            ys = [got[seed] if seed in got else model.sample(x_lr, seed=seed, progress=False, precision='fp32') for seed in range(mean_of)]
            single = [float(psnr(y, truth).mean()) for y in ys]
            mean = torch.stack(ys).mean(0)
            rep['rows'][f'{m} mean of {mean_of}'] = dict(psnr=float(psnr(mean, truth).mean()), ssim=float(ssim(mean, truth).mean()), single_psnr=single, k=mean_of)
            print(f"{m} mean of {mean_of} samples: PSNR {rep['rows'][f'{m} mean of {mean_of}']['psnr']:.2f} (single samples {min(single):.2f}-{max(single):.2f})", flush=True)
    b = rep['rows']['bicubic']
    print(f"bicubic: PSNR {b['psnr']:.2f} SSIM {b['ssim']:.3f} consistency {b['consistency']:.4f} speckle {b['speckle']:.4f} hf {b['hf_power']:.2f} " + ' '.join(f"swd{k} {v * 1e3:.0f}" for k, v in b['swd'].items()))
    print('truth: swd ' + ' '.join(f"{k} {v * 1e3:.0f}" for k, v in rep['truth']['swd'].items()) + '; floor ' + ' '.join(f"{k} {v * 1e3:.0f}" for k, v in rep['floor'].items()))
    Path(out).write_text(json.dumps(rep, indent=1) + '\n')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('models', nargs='+'); ap.add_argument('--n', type=int, default=128); ap.add_argument('--res', type=int, default=64)
    ap.add_argument('--seeds', default='0,1'); ap.add_argument('--out', default=str(ROOT/'nbs/results/sr_bundle.json'))
    ap.add_argument('--mean-of', type=int, default=0, help='also the mean of this many samples per model (the posterior mean estimate)')
    a = ap.parse_args(); main(a.models, a.n, a.res, [int(s) for s in a.seeds.split(',')], a.out, a.mean_of)
