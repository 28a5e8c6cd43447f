"""Notebook 11's measurements of the bundled latent model `glyphs32_latent` against the bundled pixel model `glyphs32`
(notebook 07), both at 32 px: the autoencoder's reconstructions of held-out glyphs (PSNR; SWD per level against the
originals, with the data-vs-data floor), samples of each model (n per seed, two sample seeds, Heun with 18 levels) with SWD
per level against held-out glyphs, the floor and the reconstruction floor (held-out glyphs against the reconstructions
of other held-out glyphs), pixel mean, and speed: training seconds per step (batch 64) and sampling images per second,
the two models timed alternately in one process so that both see the same machine. Writes nbs/results/latent.json.

Usage: python tools/eval_latent.py [--n 256] [--seeds 0,1] [--threads 2]
"""
import argparse, json, time
from pathlib import Path
import numpy as np
import torch
from snr_diffusion.data import load_images
from snr_diffusion.metrics import psnr, swd, swd_floor
from snr_diffusion.pipeline import bundled_model, load_autoencoder, load_model
from snr_diffusion.train import eps_loss

ROOT = Path(__file__).resolve().parents[1]
lv = lambda d: {str(k): v for k, v in d.items()}

def timed(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return float(np.median(ts[1:]))                                   # the first call warms up

def speed(models, reps=5):
    "Median seconds of one training step (batch 64, bf16 autocast where native) and of sampling 64 images (Heun, 18 levels), interleaved."
    out = {k: {} for k in models}
    for k, m in models.items():
        lat = hasattr(m, 'autoencoder'); side = m.resolution // (m.f if lat else 1)
        net = m.net.train(); opt = torch.optim.AdamW(net.parameters(), lr=0.)          # lr 0: the bundled weights stay as they are
        x0 = torch.randn(64, net.in_channels, side, side)
        def step():
            loss = eps_loss(net, m.schedule, x0, torch.rand(64), torch.randn_like(x0)).mean(); opt.zero_grad(); loss.backward(); opt.step()
        with torch.autocast('cpu', torch.bfloat16): out[k]['train_seconds_per_step'] = timed(step, reps)
        net.eval()
        s = timed(lambda: m.sample(64, steps=18, progress=False), 3)
        out[k].update(sample_seconds_64=s, images_per_second=64 / s)
    return out

def main(n, seeds, threads):
    torch.set_num_threads(threads)
    B = bundled_model('glyphs32_latent')
    ae, _ = load_autoencoder(B/'autoencoder.safetensors')
    test, test2, train = (load_images('glyphs', 32, n, 'test'), load_images('glyphs', 32, 2 * n, 'test')[n:], load_images('glyphs', 32, n, 'train'))
    with torch.no_grad(): rec, rec2 = (ae.decode(ae.encode(x)[0]).clamp(-1, 1) for x in (test, test2))
    floor = lv(swd_floor(train, test))
    rep = dict(n=n, seeds=seeds, threads=threads, floor=floor, data_mean=float(test.mean()),
               reconstruction=dict(psnr=float(psnr(rec, test).mean()), swd_vs_originals=lv(swd(test, rec)), mean=float(rec.mean())),
               reconstruction_floor=lv(swd(test, rec2)), models={})
    models = {'glyphs32_latent': load_model('glyphs32_latent'), 'glyphs32': load_model('glyphs32')}
    for k, m in models.items():
        runs = []
        for seed in seeds:
            t0 = time.time(); x = m.sample(n, steps=18, seed=seed, progress=False); sec = time.time() - t0
            runs.append(dict(seed=seed, swd=lv(swd(test, x)), mean=float(x.mean()), seconds=round(sec, 1)))
        rep['models'][k] = dict(step=m.config['step'], runs=runs, ratio={l: [r['swd'][l] / floor[l] for r in runs] for l in floor})
        print(k, {l: [round(v, 2) for v in r] for l, r in rep['models'][k]['ratio'].items()}, flush=True)
    rep['speed'] = speed(models)
    (ROOT/'nbs/results/latent.json').write_text(json.dumps(rep, indent=1) + '\n')
    print(json.dumps({k: rep[k] for k in ('floor', 'reconstruction', 'reconstruction_floor', 'speed')}, indent=1))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=256); ap.add_argument('--seeds', default='0,1')
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args(); main(a.n, [int(s) for s in a.seeds.split(',')], a.threads)
