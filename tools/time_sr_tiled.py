"""Time `snrd sr` with aggregation sampling on a 512x384 photograph (2048x1536 out) and measure seams: wall time, peak
memory of the process, and the jump across tile edges against elsewhere (output and bicubic upsampling at the same
positions). Writes nbs/results/sr_tiled.json. Run it on an idle machine: the time is the number reported.

Usage: python tools/time_sr_tiled.py [--tile 128] [--overlap 32] [--steps 10]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
from skimage import data
from snr_diffusion.sr3 import tile_starts, upsample_cond

ROOT = Path(__file__).resolve().parents[1]

def edge_jump(y, starts, tile, axis):
    "Mean |difference| between neighbouring pixels across tile edges, and across every other neighbour pair, along `axis` (1: rows, 2: columns)."
    n = y.shape[axis]
    d = np.abs(np.diff(y, axis=axis)).mean(axis=tuple(a for a in range(y.ndim) if a != axis))   # jump between i and i+1
    edges = sorted({e - 1 for a in starts for e in (a, a + tile) if 0 < e < n})
    mask = np.zeros(n - 1, bool); mask[edges] = True
    return float(d[mask].mean()), float(d[~mask].mean())

def main(tile, overlap, steps):
    img = data.astronaut()[:384, :512]                                                # 512 x 384 (w x h), the photograph's top
    with tempfile.TemporaryDirectory() as d:
        inp, out = Path(d)/'in.png', Path(d)/'out.png'
        Image.fromarray(img).save(inp)
        cmd = [str(Path(sys.executable).parent/'snrd'), 'sr', '--input', str(inp), '--out', str(out), '--tile', str(tile), '--overlap', str(overlap),
               '--steps', str(steps), '--no-progress']
        t0 = time.time(); r = subprocess.run(cmd, capture_output=True, text=True); wall = time.time() - t0
        if r.returncode: raise SystemExit(r.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        y = np.asarray(Image.open(out), dtype=np.float64) / 127.5 - 1
    x = torch.tensor(img, dtype=torch.float32).permute(2, 0, 1)[None] / 127.5 - 1
    bic = upsample_cond(x, 4, 'bicubic')[0].permute(1, 2, 0).clamp(-1, 1).numpy()
    H, W = y.shape[:2]
    seams = {}
    for name, axis, n in (('rows', 0, H), ('columns', 1, W)):
        st = tile_starts(n, min(tile, n), overlap)
        e_sr, o_sr = edge_jump(y, st, min(tile, n), axis); e_bc, o_bc = edge_jump(bic, st, min(tile, n), axis)
        seams[name] = dict(sr_edge=e_sr, sr_elsewhere=o_sr, sr_ratio=e_sr / o_sr, bicubic_ratio=e_bc / o_bc)
    rep = dict(input=[384, 512], output=[H, W], tile=tile, overlap=overlap, steps=steps, sampler='ddim', wall_seconds=round(wall, 1), peak_mb=round(peak_mb),
               stdout=r.stdout.strip().splitlines(), seams=seams, cpu=os.cpu_count(), torch=torch.__version__)
    (ROOT/'nbs/results/sr_tiled.json').write_text(json.dumps(rep, indent=1) + '\n')
    r0 = tile_starts(H, min(tile, H), overlap)[len(tile_starts(H, min(tile, H), overlap)) // 2]     # a crossing of tile edges near the middle
    c0 = tile_starts(W, min(tile, W), overlap)[len(tile_starts(W, min(tile, W), overlap)) // 2]
    crop = lambda a: ((a[r0 - 96:r0 + 96, c0 - 96:c0 + 96] + 1) * 127.5).round().clip(0, 255).astype(np.uint8)
    Image.fromarray(np.concatenate([crop(bic), crop(y)], 1)).save(ROOT/'nbs/results/sr_tiled_crop.png')
    rep['crop'] = dict(rows=[r0 - 96, r0 + 96], columns=[c0 - 96, c0 + 96], tile_edges_at=[96, 96])
    (ROOT/'nbs/results/sr_tiled.json').write_text(json.dumps(rep, indent=1) + '\n')
    print(json.dumps(rep, indent=1))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--tile', type=int, default=128); ap.add_argument('--overlap', type=int, default=32)
    ap.add_argument('--steps', type=int, default=10); a = ap.parse_args(); main(a.tile, a.overlap, a.steps)
