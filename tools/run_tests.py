"""The notebook runner: every notebook's checks, one line per notebook, closing with `N passed, N failed`.

Usage: python tools/run_tests.py [NOTEBOOK ...] [--mode reader|test] [--flags slow] [--save] [--cell-timeout S]
  --mode reader (the default, what `make test` and CI run): each notebook in its own fresh Jupyter kernel, every cell in
                order as a reader's "Run All" does (heavy work off: SNRD_RECOMPUTE, IN_TEST and MPLBACKEND removed), timed,
                with the reader's limits (300 s a notebook, 1200 s in all) and its slowest cells named; see run_as_reader.py
  --mode test   nbdev-test in-process (IN_TEST=1, `#| slow` cells skipped unless --flags slow); with --save it writes the
                outputs back into the notebooks (what `make nbs` does for the docs site)
CI runs each notebook once, in reader mode: that one run is both the test and the reader check.
"""
import argparse, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run_test_mode(nbs, a):
    exe = Path(sys.executable).parent/'nbdev-test'
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', str(os.cpu_count() or 1)), MPLBACKEND='Agg')
    passed, failed = [], []
    for nb in nbs:
        cmd = [str(exe), str(nb), '--n-workers', '1'] + (['--flags', a.flags] if a.flags else []) + (['--save'] if a.save else []) + (['--cell-timeout', str(a.cell_timeout)] if a.cell_timeout else [])
        s = time.time()
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        ok = r.returncode == 0
        (passed if ok else failed).append(nb.name)
        print(f"{'PASS' if ok else 'FAIL'} {nb.name:32s} {time.time() - s:7.1f} s", flush=True)
        if not ok: print(r.stdout[-6000:] + r.stderr[-6000:], flush=True)
    return passed, failed

def run_reader_mode(nbs, a):
    sys.path.insert(0, str(ROOT/'tools'))
    import run_as_reader as R
    for k in R.UNSET: os.environ.pop(k, None)
    passed, failed, t0 = [], [], time.monotonic()
    deadline = t0 + a.total_limit
    for nb in nbs:
        if time.monotonic() >= deadline:
            failed.append(nb.name); print(f'FAIL {nb.name:32s} not run: the total limit of {a.total_limit:.0f} s was reached', flush=True); continue
        dt, err, times = R.run_one(nb.resolve(), a.notebook_limit, deadline, a.cell_timeout or 0)
        if not err and dt > a.notebook_limit: err = f'took {dt:.0f} s, over the limit of {a.notebook_limit:.0f} s'
        slow = sorted((t for t in times if t[0] >= 10), key=lambda t: -t[0])
        cells = ', '.join(f'cell {i} {s:.0f} s {R.first_line(c)!r}' for s, i, c in slow[:3])
        (failed if err else passed).append(nb.name)
        print(f"{'FAIL' if err else 'PASS'} {nb.name:32s} {dt:7.1f} s  {len(times)} cells" + (f'  slowest: {cells}' if cells else ''), flush=True)
        if err: print(f'     {err}', flush=True)
    return passed, failed

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--mode', choices=('reader', 'test'), default='reader')
    ap.add_argument('--flags', default='')
    ap.add_argument('--save', action='store_true')
    ap.add_argument('--cell-timeout', type=int, default=None, help="seconds a cell may run (test mode: nbdev-test's default 600; reader: none of its own)")
    ap.add_argument('--notebook-limit', type=float, default=300, help='reader mode: seconds one notebook may take')
    ap.add_argument('--total-limit', type=float, default=1200, help='reader mode: seconds all notebooks may take')
    a = ap.parse_args()
    if a.mode == 'reader' and (a.save or a.flags): ap.error('--save and --flags are options of --mode test')
    nbs = [Path(n) for n in a.notebooks] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    t0 = time.time()
    passed, failed = (run_reader_mode if a.mode == 'reader' else run_test_mode)(nbs, a)
    print(f'notebooks ({a.mode} mode): total {time.time() - t0:.1f} s')
    print(f'{len(passed)} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
