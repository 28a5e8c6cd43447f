"""Wall time of the command line in float32 and in bf16 (`--precision fp32` and `--precision auto`), each command run as
a fresh process on a quiet machine, in alternating order: `snrd sample` (the bundled 32 px model, 64 images, Heun 35
levels, no metrics), `snrd sr` (the bundled 4x model on the held-out photograph chelsea shrunk 4x by pooling) and
`snrd demo`. Writes nbs/results/precision_cli.json.

Usage: python tools/time_cli_precision.py [--rounds R]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rounds', type=int, default=2)
    a = ap.parse_args()
    snrd = str(Path(sys.executable).parent/'snrd')
    work = Path(tempfile.mkdtemp(prefix='snrd_time_'))
    from skimage import data
    from snr_diffusion.snr import downsample
    x = torch.tensor(data.chelsea(), dtype=torch.float32).permute(2, 0, 1)[None]
    h, w = x.shape[-2] // 4 * 4, x.shape[-1] // 4 * 4
    small = downsample(x[..., :h, :w], 4)[0].permute(1, 2, 0).round().clamp(0, 255).to(torch.uint8).numpy()
    Image.fromarray(small).save(work/'chelsea_small.png')
    cmds = {'sample': ['sample', '--ckpt', 'glyphs32', '--n', '64', '--steps', '35', '--no-metrics', '--no-progress', '--out', str(work/'s.png')],
            'sr': ['sr', '--input', str(work/'chelsea_small.png'), '--out', str(work/'sr.png'), '--no-progress'],
            'demo': ['demo', '--out', str(work/'demo'), '--no-progress']}
    times = {k: {'fp32': [], 'auto': []} for k in cmds}
    for r in range(a.rounds):
        for k, c in cmds.items():
            for p in (('fp32', 'auto') if r % 2 == 0 else ('auto', 'fp32')):
                t0 = time.perf_counter()
                subprocess.run([snrd] + c + ['--precision', p], check=True, capture_output=True, cwd=work)
                times[k][p].append(round(time.perf_counter() - t0, 2))
                print(k, p, times[k][p][-1], flush=True)
    rep = dict(cpus=os.cpu_count(), input_size=list(small.shape[:2]), torch=torch.__version__, rounds=a.rounds,
               seconds={k: {p: min(v) for p, v in d.items()} for k, d in times.items()}, all=times)
    rep['speedup'] = {k: d['fp32'] / d['auto'] for k, d in rep['seconds'].items()}
    (ROOT/'nbs/results/precision_cli.json').write_text(json.dumps(rep, indent=1) + '\n')
    shutil.rmtree(work)
    print(json.dumps(rep['seconds']), {k: round(v, 2) for k, v in rep['speedup'].items()})

if __name__ == '__main__': main()
