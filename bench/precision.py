"""bf16 autocast against float32 on this machine, measured in one run: training steps per second of the U-Net at
32 px (the `small` U-Net, batch 64) and at 64 px (the `compact` U-Net with `stem=2`, batch 64), and sampling images per
second of the bundled 32 px and 64 px glyph models (Heun, 8 levels, 64 images). Each measurement alternates the
precisions in rounds (fp32, bf16, bf16, fp32, ...) after a warm-up, so that a change in the machine's load hits both;
the median round is reported. float32 with channels_last memory format is measured beside them for training.

Usage: python bench/precision.py [--threads N] [--rounds R] [--out nbs/results/precision_speed.json]
"""
import argparse, json, os, platform, statistics, time
from pathlib import Path
import torch
from snr_diffusion.unet import UNet, native_bf16, resolve_precision
from snr_diffusion.snr import CosineSchedule
from snr_diffusion.train import Trainer, TrainConfig
from snr_diffusion.data import glyphs
from snr_diffusion.pipeline import load_model

def trainer(model, res, precision, channels_last=False, batch=64, **kw):
    "A Trainer on glyphs whose train_step is one timed unit."
    torch.manual_seed(0)
    net = UNet.named(model, in_channels=1, **kw)
    if channels_last: net = net.to(memory_format=torch.channels_last)
    x = glyphs(256, res, seed=0)
    if channels_last: x = x.contiguous(memory_format=torch.channels_last)
    return Trainer(net, x, CosineSchedule(), TrainConfig(batch_size=batch, warmup=0, log_every=10**9, precision=precision))

def rounds(fns, n, warmup=1):
    "Median seconds per call of each function, over n rounds in alternating order, after `warmup` calls each."
    for f in fns.values():
        for _ in range(warmup): f()
    ts = {k: [] for k in fns}
    keys = list(fns)
    for r in range(n):
        for k in (keys if r % 2 == 0 else keys[::-1]):
            t0 = time.perf_counter(); fns[k](); ts[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in ts.items()}, ts

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=os.cpu_count())
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--out', default='nbs/results/precision_speed.json')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()) if Path('/proc/cpuinfo').exists() else platform.processor()
    rep = dict(torch=torch.__version__, threads=a.threads, machine=platform.machine(), cpu=cpu, native_bf16=native_bf16(), auto=resolve_precision('auto'),
               rounds=a.rounds, train={}, sample={})
    for name, model, res, kw in (('32px small', 'small', 32, {}), ('64px compact stem2', 'compact', 64, dict(stem=2))):
        trs = {'fp32': trainer(model, res, 'fp32', **kw), 'bf16': trainer(model, res, 'bf16', **kw),
               'fp32 channels_last': trainer(model, res, 'fp32', channels_last=True, **kw)}
        med, raw = rounds({k: t.train_step for k, t in trs.items()}, a.rounds)
        rep['train'][name] = dict(seconds_per_step=med, all=raw, batch=64, speedup=med['fp32'] / med['bf16'])
        print(name, {k: round(v, 3) for k, v in med.items()}, f"bf16 {med['fp32'] / med['bf16']:.2f}x", flush=True)
    for name in ('glyphs32', 'glyphs64'):
        m = load_model(name)
        fns = {p: (lambda p=p: m.sample(64, steps=8, progress=False, precision=p)) for p in ('fp32', 'bf16')}
        med, raw = rounds(fns, max(3, a.rounds // 2 + 1))
        rep['sample'][name] = dict(images_per_second={k: 64 / v for k, v in med.items()}, seconds=med, all=raw, n=64, sampler='heun', steps=8,
                                   speedup=med['fp32'] / med['bf16'])
        print(name, {k: round(64 / v, 1) for k, v in med.items()}, 'images/s', f"bf16 {med['fp32'] / med['bf16']:.2f}x", flush=True)
    Path(a.out).write_text(json.dumps(rep, indent=1) + '\n')
    print('wrote', a.out)

if __name__ == '__main__': main()
