"""Pick the schedule of notebook 08's multi-scale arm among finished arms, before the full evaluation is done:
128 samples per arm (seed 0, Heun with 12 noise levels), SWD per pyramid level against 128 held-out 64 px glyphs.
The arm with the lowest mean over the levels wins. Writes nbs/results/simple_proxy.json.

Usage: OMP_NUM_THREADS=1 python tools/pick_simple_schedule.py cosine shift32 shift16   (about a minute per arm on one core)
"""
import json, sys
from pathlib import Path
from snr_diffusion.data import load_images
from snr_diffusion.pipeline import load_model
from snr_diffusion.metrics import swd

ROOT = Path(__file__).resolve().parents[1]

def main(arms):
    test = load_images('glyphs', 64, 128, 'test', False, 0)
    out = {}
    for a in arms:
        m = load_model(ROOT/'runs/simple'/a); meta = m.config
        x = m.sample(128, 64, 'heun', 12, 0, progress=False, precision='fp32')
        out[a] = {str(k): v for k, v in swd(test, x).items()}
        print(a, meta['step'], {k: round(v * 1e3, 1) for k, v in out[a].items()}, 'mean', round(sum(out[a].values()) / len(out[a]) * 1e3, 1), flush=True)
    best = min(out, key=lambda a: sum(out[a].values()))
    print('best:', best)
    (ROOT/'nbs/results/simple_proxy.json').write_text(json.dumps({'arms': out, 'best': best, 'n': 128, 'steps': 12, 'seed': 0}, indent=1))

if __name__ == '__main__': main(sys.argv[1:] or ['cosine', 'shift32', 'shift16'])
