"""Run every notebook as a reader would ("Run All" in a fresh kernel) and time it; fail if a cell errors or it is slow.

Usage: python tools/run_as_reader.py [NOTEBOOK ...] [--notebook-limit S] [--total-limit S] [--cell-timeout S]

Each notebook runs in its own new Jupyter kernel (ipykernel, started and driven by nbclient, the way JupyterLab
runs it), every cell in order, `#| slow` and `#| hide` cells included, with the working directory nbs/ and default
settings: the heavy-work switch is off (SNRD_RECOMPUTE, IN_TEST and MPLBACKEND are removed from the kernel's
environment). Nothing is written back into the notebooks. Prints one line per notebook with its time and its
slowest cells; exits non-zero if a cell raises, a notebook takes longer than --notebook-limit (default 300 s) or all
of them together take longer than --total-limit (default 1200 s). A cell still running when a limit is reached is
interrupted and named. Default: every notebook in nbs/ whose name does not start with `_` or `.`.
"""
import argparse, hashlib, os, re, subprocess, sys, tempfile, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT/'nbs'
# What a reader's kernel does not have: our switches and test markers, and a non-interactive matplotlib backend.
UNSET = ('SNRD_RECOMPUTE', 'IN_TEST', 'MPLBACKEND')

def first_line(cell):
    "The cell's first line that is not a `#|` directive, shortened."
    lines = [l for l in cell.source.splitlines() if l.strip() and not l.startswith('#|')]
    s = lines[0].strip() if lines else ''
    return s if len(s) <= 60 else s[:57] + '...'

def git_status():
    r = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], cwd=ROOT, capture_output=True, text=True)
    return set(r.stdout.splitlines()) if r.returncode == 0 else set()

def run_one(path, nb_limit, total_deadline, cell_timeout):
    "Run `path` in a fresh kernel; return (seconds, error message or None, [(seconds, index, cell)])."
    nb = nbformat.read(path, as_version=4)
    t0 = time.monotonic()
    deadline = min(t0 + nb_limit, total_deadline)
    times, cur = [], {}

    def timeout_func(cell):
        left = deadline - time.monotonic()
        return max(1, int(min(left, cell_timeout) if cell_timeout else left))
    def on_start(cell, cell_index, **kw): cur.update(i=cell_index, t=time.monotonic())
    def on_done(cell, cell_index, **kw): times.append((time.monotonic() - cur['t'], cell_index, cell))

    client = NotebookClient(nb, kernel_name='python3', timeout_func=timeout_func, allow_errors=False,
                            resources={'metadata': {'path': str(path.parent)}},
                            on_cell_execute=on_start, on_cell_executed=on_done)
    err, log = None, tempfile.TemporaryFile('w+')   # the kernel's own stdout/stderr: shown only if something fails
    try: client.execute(stdout=log, stderr=log)
    except CellTimeoutError:
        i = cur.get('i'); c = nb.cells[i]; dt = time.monotonic() - cur['t']
        times.append((dt, i, c))
        which = 'the notebook limit' if time.monotonic() - t0 >= nb_limit - 1 else (
            'the total limit' if time.monotonic() >= total_deadline - 1 else 'the cell timeout')
        err = f'cell {i} (id {c.get("id", "?")}) was still running after {dt:.0f} s, stopped at {which}: {first_line(c)!r}'
    except CellExecutionError as e:
        i = cur.get('i'); c = nb.cells[i] if i is not None else None
        msg = [l for l in re.sub(r'\x1b\[[0-9;]*m', '', str(e)).splitlines() if l.strip()]
        err = f'cell {i} (id {c.get("id", "?") if c else "?"}) raised {getattr(e, "ename", "")}: {getattr(e, "evalue", "")[:300]}'
        err += '\n     ' + '\n     '.join(msg[-12:])
    except DeadKernelError as e: err = f'the kernel died: {e}'
    if err:
        log.seek(0); tail = [l.rstrip() for l in log.read().splitlines() if l.strip()][-20:]
        if tail: err += '\n     the kernel printed:\n     ' + '\n     '.join(tail)
    log.close()
    return time.monotonic() - t0, err, times

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebooks', nargs='*', help='default: every notebook in nbs/')
    ap.add_argument('--notebook-limit', type=float, default=300, help='seconds one notebook may take (default 300)')
    ap.add_argument('--total-limit', type=float, default=1200, help='seconds all notebooks may take (default 1200)')
    ap.add_argument('--cell-timeout', type=float, default=0, help='seconds one cell may take (default: no own limit)')
    ap.add_argument('--show-cells', type=float, default=10, help='list the cells that took longer than this (s)')
    a = ap.parse_args()
    nbs = [Path(n).resolve() for n in a.notebooks] or sorted(
        p for p in NBS.glob('*.ipynb') if not p.name.startswith(('_', '.')))
    for n in nbs:
        if not n.exists(): sys.exit(f'no notebook {n}: give paths such as nbs/01_snr.ipynb')
    for k in UNSET:
        if k in os.environ: print(f'(removing {k}={os.environ.pop(k)} from the kernels\' environment)')
    print(f'as a reader: {len(nbs)} notebooks, each in a fresh kernel ({sys.executable}) started in the notebook\'s folder, '
          f'limits {a.notebook_limit:.0f} s a notebook, {a.total_limit:.0f} s in all', flush=True)
    before = git_status()
    t0 = time.monotonic(); total_deadline = t0 + a.total_limit
    fails = []
    for path in nbs:
        if time.monotonic() >= total_deadline:
            fails.append(f'{path.name}: not run, the total limit of {a.total_limit:.0f} s was reached')
            print(f'SKIP {path.name:24s} (total limit reached)', flush=True); continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        dt, err, times = run_one(path, a.notebook_limit, total_deadline, a.cell_timeout)
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            err = (err + '; ' if err else '') + 'the notebook file itself changed while it ran'
        if not err and dt > a.notebook_limit: err = f'took {dt:.0f} s, over the limit of {a.notebook_limit:.0f} s'
        slow = sorted((t for t in times if t[0] >= a.show_cells), key=lambda t: -t[0])
        cells = ', '.join(f'cell {i} {s:.0f} s {first_line(c)!r}' for s, i, c in slow[:4])
        print(f"{'FAIL' if err else 'ok  '} {path.name:24s} {dt:7.1f} s  {len(times)} cells"
              + (f'  slowest: {cells}' if cells else ''), flush=True)
        if err: print(f'     {err}', flush=True); fails.append(f'{path.name}: {err.splitlines()[0]}')
    total = time.monotonic() - t0
    changed = sorted(git_status() - before)
    if changed: print('note: the run changed tracked files: ' + ', '.join(l[3:] for l in changed))
    if total > a.total_limit: fails.append(f'all notebooks took {total:.0f} s, over the limit of {a.total_limit:.0f} s')
    n_bad = sum(1 for f in fails if not f.startswith('all notebooks'))
    print(f'as a reader: {len(nbs) - n_bad} of {len(nbs)} notebooks ran clean, total {total:.1f} s')
    if fails: sys.exit('as-a-reader check failed:\n' + '\n'.join(fails))

if __name__ == '__main__': main()
