"""Measure notebook 08's arms (runs of tools/train_simple_arms.sh): SWD per Laplacian level against held-out 64 px glyphs
with the data-vs-data floor (`evaluate_model`: mean and sd over sample seeds x held-out sets x SWD seeds), the eps-loss by
logSNR on held-out images (whole and pooled by 2 and 4), and 16 samples per arm from the same seeds.
Writes nbs/results/simple_arms.json and nbs/results/simple_arms_samples.npz; an arm already measured with the same weights
is skipped, so the script can be rerun as arms finish.

Usage: python tools/eval_simple_arms.py [--runs runs/simple] [arm ...]
"""
import argparse, hashlib, json, time
from functools import partial
from pathlib import Path
import numpy as np
import torch
from snr_diffusion.studies import evaluate_model
from snr_diffusion.data import load_images
from snr_diffusion.pipeline import build_model
from snr_diffusion.train import read_meta, load_weights, loss_by_logsnr
from snr_diffusion.simple import multiscale_loss

ROOT = Path(__file__).resolve().parents[1]
ARMS = ('cosine', 'shift32', 'shift16', 'interp16', 'multiscale')
EVAL = dict(n=256, steps=18, sample_seeds=(0,), n_sets=2, swd_seeds=(0, 1))
LOGSNRS = [float(v) for v in np.linspace(-14, 10, 13)]

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('arms', nargs='*', default=list(ARMS))
    p.add_argument('--runs', default=str(ROOT/'runs/simple'))
    p.add_argument('--out', default=str(ROOT/'nbs/results/simple_arms.json'))
    p.add_argument('--steps', type=int, default=800, help='the arms\' length (tools/train_simple_arms.sh: STEPS); shorter runs are still training')
    p.add_argument('--quick', action='store_true', help='a smoke test: 32 samples, 4 levels, one held-out set and SWD seed')
    a = p.parse_args(argv)
    ev = dict(EVAL, n=32, steps=4, sample_seeds=(0,), n_sets=1, swd_seeds=(0,)) if a.quick else EVAL
    out, npz = Path(a.out), Path(a.out).with_name('simple_arms_samples.npz')
    report = json.loads(out.read_text()) if out.exists() else {'eval': {k: list(v) if isinstance(v, tuple) else v for k, v in ev.items()}, 'arms': {}}
    grids = dict(np.load(npz)) if npz.exists() else {}
    for arm in a.arms:
        run = Path(a.runs)/arm; mp = run/'model.safetensors'
        if not mp.exists(): print(f'{arm}: no model in {run}, skipped'); continue
        meta = read_meta(mp)
        if meta['step'] < a.steps: print(f"{arm}: still training (step {meta['step']} of {a.steps}), skipped"); continue
        sha = hashlib.sha256(mp.read_bytes()).hexdigest()
        if report['arms'].get(arm, {}).get('model_sha256') == sha and arm in grids: print(f'{arm}: already measured'); continue
        t0 = time.time()
        x, rep = evaluate_model(run, progress=False, **ev)
        net = build_model(meta['model']); load_weights(mp, net); net.eval()
        r = meta['model']['run']
        test = load_images(r['data'], r['res'], 64, 'test', r['color'], r['seed'])
        with torch.no_grad():
            lbl = {'1': loss_by_logsnr(net, test, LOGSNRS).tolist()}
            for s in (2, 4): lbl[str(s)] = (s * s * loss_by_logsnr(net, test, LOGSNRS, metric=partial(multiscale_loss, factors=(s,)))).tolist()
        log = meta.get('log', [])
        rep.update(arm=arm, run={k: r.get(k) for k in ('res', 'model', 'stem', 'shift_from', 'interpolate', 'multiscale', 'seed')}, schedule=meta['schedule'],
                   config={'steps': meta['step'], **{k: meta['config'][k] for k in ('batch_size', 'lr', 'warmup', 'ema_decay')}},
                   train_seconds=round(sum(e.get('seconds', 0) for e in log), 1), last_loss=log[-1]['loss'] if log else None,
                   loss_by_logsnr=dict(logsnr=LOGSNRS, n_images=len(test), pooled=lbl), seconds_eval=round(time.time() - t0, 1))
        rep['model'] = str(mp.relative_to(ROOT)) if mp.is_relative_to(ROOT) else str(mp)
        report['arms'][arm] = rep
        grids[arm] = ((x[:16].float().cpu() + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).numpy()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=1)); np.savez_compressed(npz, **grids)
        lv = rep['levels']
        print(f"{arm}: " + ', '.join(f"{l} px ratio {v['ratio']['mean']:.2f} ± {v['ratio']['sd']:.2f}" for l, v in lv.items()) + f" ({rep['seconds_eval']:.0f} s)", flush=True)

if __name__ == '__main__': main()
