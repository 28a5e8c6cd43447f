"""Run every notebook's checks with nbdev-test, one notebook at a time, and close with `N passed, N failed`.

Usage: python tools/run_tests.py [NOTEBOOK ...] [--flags slow] [--save]
  --flags slow  also run the cells marked `#| slow` (real training)
  --save        write the outputs back into the notebooks (what the docs site shows)
"""
import argparse, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--flags', default='')
    ap.add_argument('--save', action='store_true')
    ap.add_argument('--cell-timeout', type=int, default=None, help="seconds a cell may run (nbdev-test's default: 600)")
    a = ap.parse_args()
    nbs = [Path(n) for n in a.notebooks] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    exe = Path(sys.executable).parent/'nbdev-test'
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', str(os.cpu_count() or 1)), MPLBACKEND='Agg')
    passed, failed, t0 = [], [], time.time()
    for nb in nbs:
        cmd = [str(exe), str(nb), '--n-workers', '1'] + (['--flags', a.flags] if a.flags else []) + (['--save'] if a.save else []) + (['--cell-timeout', str(a.cell_timeout)] if a.cell_timeout else [])
        s = time.time()
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        dt = time.time() - s
        ok = r.returncode == 0
        (passed if ok else failed).append(nb.name)
        print(f"{'PASS' if ok else 'FAIL'} {nb.name:32s} {dt:7.1f} s", flush=True)
        if not ok: print(r.stdout[-6000:] + r.stderr[-6000:], flush=True)
    print(f'notebooks: total {time.time() - t0:.1f} s')
    print(f'{len(passed)} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
