"""The 64 px head-to-head with the bundled `glyphs64`: the bundled 32 px model upsampled (bicubic) and with Upsample
Guidance (w = 0), against the model trained at 64 px, from the same noise, n = 128 per arm and two sample seeds; SWD per
level against held-out glyphs with the floor, pixel statistics, wall and CPU seconds; and the training cost of each model
(CPU-seconds in its log). Writes nbs/results/glyphs64_vs_ug.json. Run it on an idle machine (the times are reported).

Usage: python tools/eval_trained64.py [--n 128] [--seeds 0,1]
"""
import argparse, json
from pathlib import Path
import numpy as np
from snr_diffusion.pipeline import bundled_model, load_model
from snr_diffusion.studies import compare_upsampling

ROOT = Path(__file__).resolve().parents[1]

def train_seconds(name):
    "Wall seconds of training summed from the model's log.csv (last column: seconds per logging interval), and its steps."
    rows = [l.split(',') for l in (bundled_model(name)/'log.csv').read_text().splitlines()[1:] if l.strip()]
    return round(sum(float(r[-1]) for r in rows), 1), int(rows[-1][0])

def main(n, seeds):
    arms = ('bicubic', 'ug:w=0', 'trained')
    reps = [compare_upsampling(res=64, arms=arms, n=n, steps=18, seed=s, trained='glyphs64', out=None, progress=False, precision='fp32')[0] for s in seeds]
    levels = list(reps[0]['floor'])
    agg = {}
    for a in arms:
        ratios = {l: [r['arms'][a]['swd'][l] / r['floor'][l] for r in reps] for l in levels}
        agg[a] = dict(swd={l: [r['arms'][a]['swd'][l] for r in reps] for l in levels}, ratio_mean={l: float(np.mean(v)) for l, v in ratios.items()},
                      ratio_sd={l: float(np.std(v, ddof=1)) if len(v) > 1 else None for l, v in ratios.items()},
                      mean=[r['arms'][a]['mean'] for r in reps], std=[r['arms'][a]['std'] for r in reps],
                      seconds=[r['arms'][a]['seconds'] for r in reps], cpu_seconds=[r['arms'][a]['cpu_seconds'] for r in reps])
    m64 = load_model('glyphs64')
    cost = {k: dict(zip(('train_seconds', 'steps'), train_seconds(k))) for k in ('glyphs32', 'glyphs64')}
    rep = dict(n=n, seeds=list(seeds), steps=18, sampler='heun', floor={l: [r['floor'][l] for r in reps] for l in levels},
               data=[reps[0]['data_stats']['mean'], reps[0]['data_stats']['std']], arms=agg, training=cost, glyphs64_step=m64.steps)
    (ROOT/'nbs/results/glyphs64_vs_ug.json').write_text(json.dumps(rep, indent=1) + '\n')
    for a, v in agg.items():
        print(f"{a:10s} SWD / floor " + '/'.join(f"{v['ratio_mean'][l]:.2f}" for l in levels) + f"  mean {np.mean(v['mean']):.3f}  {np.mean(v['seconds']):.0f} s")
    print('training', cost)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=128); ap.add_argument('--seeds', default='0,1')
    a = ap.parse_args(); main(a.n, [int(s) for s in a.seeds.split(',')])
