"""Upsample Guidance's time-varying weight (eta) in pixel and latent space: one model trained at 32 px sampled at 64 px,
naive and with UG for w in {-0.5, -0.25, 0, 0.2, 0.5} and eta in {0.2, 0.4, 0.6, 0.8, 1}, from the same noise, n = 128 per arm
and two sample seeds; SWD per level against held-out 64 px glyphs with the data-vs-data floor. Arms are kept in
runs/ug_eta/<model>/ and reused on a rerun. Writes nbs/results/ug_eta_<name>.json.

Usage: python tools/eval_ug_eta.py MODEL NAME [--n 128] [--seeds 0,1] [--steps 18] [--precision auto] [--w W,...] [--eta E,...] [--sparse]
  --sparse: every w at eta = 1, and every eta only at w = -0.25 and 0 (the pixel model's sweep, which costs minutes per arm)
  --partial: write the JSON from the arms already finished (a sweep cut short), without sampling; the JSON says complete: false
       e.g. MODEL glyphs32 NAME pixel; MODEL glyphs32_latent NAME latent
"""
import argparse, json
from pathlib import Path
import numpy as np
from snr_diffusion.studies import compare_upsampling

ROOT = Path(__file__).resolve().parents[1]
WS, ETAS = (-0.5, -0.25, 0., 0.2, 0.5), (0.2, 0.4, 0.6, 0.8, 1.)

def main(model, name, n, seeds, steps, precision, WS=WS, ETAS=ETAS, sparse=False, partial=False):
    arms = ['naive'] + [f'ug:w={w},eta={e}' for w in WS for e in ETAS if not sparse or e == 1. or w in (-0.25, 0.)]
    if partial:                                                       # only the arms already finished in runs/ug_eta/<name>, no sampling
        reps = [json.loads((ROOT/'runs'/'ug_eta'/name/f'seed{s}.json').read_text()) for s in seeds]
        arms = [a for a in arms if all(a in r['arms'] for r in reps)]
    else:
        reps = [compare_upsampling(model, res=64, arms=arms, n=n, steps=steps, seed=s, out=ROOT/'runs'/'ug_eta'/name, name=f'seed{s}',
                                   progress=False, precision=precision)[0] for s in seeds]
    levels = list(reps[0]['floor'])
    ratio = {a: {l: [r['arms'][a]['swd'][l] / r['floor'][l] for r in reps] for l in levels} for a in arms}
    out = dict(model=model, n=n, seeds=list(seeds), steps=steps, complete=not partial, sampler='heun', precision=precision, w=list(WS), eta=list(ETAS), levels=levels,
               floor={l: [r['floor'][l] for r in reps] for l in levels},
               arms={a: dict(ratio=ratio[a], mean=[r['arms'][a]['mean'] for r in reps], seconds=[r['arms'][a]['seconds'] for r in reps]) for a in arms})
    (ROOT/'nbs'/'results'/f'ug_eta_{name}.json').write_text(json.dumps(out, indent=1) + '\n')
    for a in arms: print(f"{a:20s} " + '  '.join(f"{l}: {np.mean(ratio[a][l]):.2f}" + (f"±{np.std(ratio[a][l], ddof=1):.2f}" if len(seeds) > 1 else '') for l in levels))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('model'); ap.add_argument('name')
    ap.add_argument('--n', type=int, default=128); ap.add_argument('--seeds', default='0,1'); ap.add_argument('--steps', type=int, default=18)
    ap.add_argument('--precision', default='auto')
    ap.add_argument('--sparse', action='store_true'); ap.add_argument('--partial', action='store_true', help='write the JSON from the arms finished so far'); ap.add_argument('--w', default=','.join(map(str, WS))); ap.add_argument('--eta', default=','.join(map(str, ETAS)))
    a = ap.parse_args()
    main(a.model, a.name, a.n, [int(s) for s in a.seeds.split(',')], a.steps, a.precision, tuple(float(v) for v in a.w.split(',')), tuple(float(v) for v in a.eta.split(',')), a.sparse, a.partial)
