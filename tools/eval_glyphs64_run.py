"""Measure a 64 px glyph run with the protocol of the bundled `glyphs64` (notebook 08's results/glyphs64.json): 256
samples (Heun, 18 levels, seed 0; or one set of 256 per sample seed given) against 2 held-out sets of 256 with 2 SWD seeds, SWD / floor per level; also 16 samples
as a PNG. Writes nbs/results/<name>.json and nbs/results/<name>_samples.png.

Usage: python tools/eval_glyphs64_run.py RUN NAME [SEEDS]     (RUN: a run folder of snrd train at 64 px; SEEDS: sample seeds, default 0, e.g. 0,1)
"""
import hashlib, json, sys
from pathlib import Path
from snr_diffusion.studies import evaluate_model
from snr_diffusion.pipeline import load_model
from snr_diffusion.data import save_grid

ROOT = Path(__file__).resolve().parents[1]

def main(run, name, sample_seeds=(0,)):
    x, rep = evaluate_model(run, n=256, steps=18, sample_seeds=tuple(sample_seeds), n_sets=2, swd_seeds=(0, 1), progress=False, precision='auto')
    m = load_model(run)
    rep.update(model=name, model_sha256=hashlib.sha256(m.path.read_bytes()).hexdigest(), run={k: m.run.get(k) for k in ('res', 'model', 'stem', 'shift_from', 'seed')},
               config={k: m.config['config'][k] for k in ('steps', 'batch_size', 'lr', 'warmup', 'ema_decay', 'precision')},
               train_seconds=round(sum(e['seconds'] for e in m.config.get('log', [])), 1) if m.config.get('log') else None)
    if m.run.get('init'):                               # a run started from other weights (snrd train --init): count their steps too
        rep.update(step=m.steps, init=m.run['init'], run_step=m.config['step'])
    (ROOT/'nbs/results'/f'{name}.json').write_text(json.dumps(rep, indent=1) + '\n')
    save_grid(x[:16], ROOT/'nbs/results'/f'{name}_samples.png', 8, 2)
    for l, v in rep['levels'].items(): print(f"{l} px: SWD / floor {v['ratio']['mean']:.2f} ± {v['ratio']['sd']:.2f}")
    print('pixels', rep['first']['pixels'], 'brightness-aware ratio', rep['first'].get('ratio_ref'))

if __name__ == '__main__': main(*sys.argv[1:3], *([int(v) for v in sys.argv[3].split(',')],) if len(sys.argv) > 3 else ())
