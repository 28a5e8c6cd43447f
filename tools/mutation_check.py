"""Mutation check: re-break the library on purpose and prove that the notebooks' own checks catch each mistake.

Usage: python tools/mutation_check.py [--only ID ...] [--list] [--file JSON ...] [--jobs N] [--timeout S] [--keep]

Every mutation is read from tools/mutations/*.json (a JSON list per file; see the format below). For each one:
  1. the repository (git-tracked files and untracked files that git does not ignore) is copied to a temp dir;
  2. each edit {"old", "new"} is applied, in order, to the notebook's cell sources, where `old` must occur
     EXACTLY ONCE (else the mutation is STALE: the notebook changed and the mutation must follow it), and to the
     module the notebook exports to (`#| default_exp`), wherever `old` occurs there, so that the notebook's own
     exported cells and any import of the module see the same broken code;
  3. `nbdev-test` runs that one notebook in the copy, with PYTHONPATH=<copy> so that the copy's package is
     imported (not the editable install of the working tree), OMP_NUM_THREADS=1 and SNRD_RECOMPUTE=0;
  4. the notebook must FAIL: KILLED. If it passes, the mistake SURVIVED: the check guarding it is too weak.
One line per mutation (KILLED/SURVIVED/STALE/ERROR, seconds, and for KILLED the error that stopped the notebook),
then `N killed, N survived`. Exit status 1 if any mutation survived, is stale, or could not be run.

Mutation format (one object per mistake):
  {"id": "04-churn-noise-x3", "item": 9, "notebook": "nbs/04_samplers.ipynb", "what": "one line: the mistake",
   "edits": [{"old": "exact substring of one cell", "new": "replacement"}]}
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUT_DIR = ROOT/'tools'/'mutations'
REQUIRED = ('id', 'item', 'notebook', 'what', 'edits')

def load_mutations(files):
    "All mutations of `files` (JSON lists), validated: required keys, unique ids, notebooks that exist."
    muts, seen = [], {}
    for f in files:
        data = json.loads(Path(f).read_text())
        if not isinstance(data, list): raise SystemExit(f'{f}: expected a JSON list of mutations')
        for m in data:
            missing = [k for k in REQUIRED if k not in m]
            if missing: raise SystemExit(f'{f}: mutation {m.get("id", m)!r} lacks {missing}')
            if m['id'] in seen: raise SystemExit(f'{f}: duplicate mutation id {m["id"]!r} (also in {seen[m["id"]]})')
            if not m['edits'] or any(set(e) != {'old', 'new'} or e['old'] == e['new'] for e in m['edits']):
                raise SystemExit(f'{f}: mutation {m["id"]!r}: edits must be a non-empty list of {{"old", "new"}} with old != new')
            seen[m['id']] = Path(f).name
            muts.append(dict(m, source=Path(f).name))
    return muts

def repo_files(root):
    "Paths (relative) of the git-tracked files and the untracked files git does not ignore."
    out = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=root,
                         capture_output=True, check=True).stdout.decode()
    return sorted({p for p in out.split('\0') if p and (root/p).is_file()})

def copy_repo(root, dest, files):
    for p in files:
        (dest/p).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root/p, dest/p)

def _cell_src(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def default_exp(nb):
    "The module name of the notebook's `#| default_exp` directive, or None."
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', _cell_src(c), re.M)
        if m: return m.group(1)
    return None

def _is_exported(src): return re.search(r'^#\|\s*exports?\b', src, re.M) is not None

def apply_mutation(root, m, lib_path='snr_diffusion'):
    """Apply m's edits under `root` (a copy, or the real tree with dry=True semantics handled by the caller).
    Returns (notes, problem): problem is a string when the mutation is stale."""
    nb_path = root/m['notebook']
    if not nb_path.exists(): return [], f'notebook {m["notebook"]} does not exist'
    nb = json.loads(nb_path.read_text())
    mod = default_exp(nb)
    mod_path = root/lib_path/(mod.replace('.', '/') + '.py') if mod else None
    mod_src = mod_path.read_text() if mod_path and mod_path.exists() else None
    notes = []
    for j, e in enumerate(m['edits']):
        old, new = e['old'], e['new']
        hits = [(i, _cell_src(c).count(old)) for i, c in enumerate(nb['cells'])]
        total = sum(n for _, n in hits)
        # a match spanning two cells would also count as "in the concatenated sources": refuse it the same way
        joined = '\n'.join(_cell_src(c) for c in nb['cells']).count(old)
        if total != 1 or joined != 1:
            return notes, f'edit {j}: `old` occurs {max(total, joined)} times in the cells of {m["notebook"]} (must be exactly once): {old[:70]!r}'
        i = next(i for i, n in hits if n)
        src = _cell_src(nb['cells'][i]).replace(old, new)
        nb['cells'][i]['source'] = src.splitlines(keepends=True)
        if mod_src is not None and old in mod_src:
            notes.append(f'edit {j}: module {mod_path.name} x{mod_src.count(old)}')
            mod_src = mod_src.replace(old, new)
        elif _is_exported(src):
            return notes, f'edit {j}: in an exported cell of {m["notebook"]} but not found in {mod_path}: run nbdev-export'
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    if mod_src is not None: mod_path.write_text(mod_src)
    return notes, None

def run_env(copy):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(copy)] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]),
               OMP_NUM_THREADS='1', MPLBACKEND='Agg', SNRD_RECOMPUTE='0')
    env.pop('IN_TEST', None)
    return env

def check_imports_copy(files, lib_path='snr_diffusion'):
    "Guard: in a copy, `import snr_diffusion` from the notebooks' folder must load the copy's package, not the working tree's."
    with tempfile.TemporaryDirectory(prefix='snrd-mut-') as d:
        d = Path(d); copy_repo(ROOT, d, files)
        r = subprocess.run([sys.executable, '-c', f'import {lib_path}; print({lib_path}.__file__)'], cwd=d/'nbs',
                           env=run_env(d), capture_output=True, text=True)
        got = Path(r.stdout.strip()).resolve() if r.returncode == 0 else None
        if got is None or d.resolve() not in got.parents:
            raise SystemExit(f'the copy imports {lib_path} from {got or r.stderr[-500:]}, not from the copy {d}: the check would prove nothing')

def _reason(out):
    "Why a notebook failed: its cell number, the failing line of notebook code, and the last exception line."
    lines = out.splitlines()
    exc = [l.strip() for l in lines if re.match(r'\s*(\w+\.)*\w*(Error|Exception|Exit)\b', l) or 'Timeout' in l]
    cell = re.findall(r'While Executing Cell #(\d+)', out)
    code = [lines[i + 1].strip() for i, l in enumerate(lines[:-1]) if 'File "<ipython-input' in l or 'File "<cell' in l]
    parts = ([f'cell #{cell[-1]}'] if cell else []) + ([code[-1][:90]] if code else []) + ([exc[-1][:90]] if exc else [])
    return ' | '.join(parts) or (lines[-1][:160] if lines else '')

def run_one(m, files, timeout, keep):
    t0 = time.time()
    d = Path(tempfile.mkdtemp(prefix=f'snrd-mut-{m["id"]}-'))
    try:
        copy_repo(ROOT, d, files)
        notes, problem = apply_mutation(d, m)
        if problem: return dict(status='STALE', secs=time.time() - t0, why=problem)
        cmd = [str(Path(sys.executable).parent/'nbdev-test'), m['notebook'], '--n-workers', '1']
        try:
            r = subprocess.run(cmd, cwd=d, env=run_env(d), capture_output=True, text=True, timeout=timeout)
            rc, out = r.returncode, r.stdout + r.stderr
        except subprocess.TimeoutExpired:
            rc, out = -1, f'Timeout: the notebook ran longer than {timeout} s'
        status = 'SURVIVED' if rc == 0 else 'KILLED'
        return dict(status=status, secs=time.time() - t0, why=_reason(out) if rc else 'the notebook passed with the mistake',
                    notes=notes, out=out)
    finally:
        if keep: print(f'  (kept {d})', flush=True)
        else: shutil.rmtree(d, ignore_errors=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--only', nargs='+', metavar='ID', help='run only these mutation ids')
    ap.add_argument('--list', action='store_true', help='list the mutations (and whether each still applies) without running them')
    ap.add_argument('--file', nargs='+', metavar='JSON', help='read these files instead of tools/mutations/*.json')
    ap.add_argument('--jobs', '-j', type=int, default=1, help='mutations run in parallel (default 1)')
    ap.add_argument('--timeout', type=float, default=900, help='seconds allowed per notebook run (default 900)')
    ap.add_argument('--keep', action='store_true', help='keep the temp copies (to debug a mutation)')
    ap.add_argument('--verbose', '-v', action='store_true', help='print the notebook output of surviving mutations')
    a = ap.parse_args()
    files = a.file or sorted(MUT_DIR.glob('*.json'))
    muts = load_mutations(files)
    if a.only:
        unknown = set(a.only) - {m['id'] for m in muts}
        if unknown: raise SystemExit(f'unknown mutation ids: {sorted(unknown)}; see --list')
        muts = [m for m in muts if m['id'] in a.only]
    if a.list:
        with tempfile.TemporaryDirectory(prefix='snrd-mut-list-') as d:
            d = Path(d); rf = repo_files(ROOT)
            for m in muts:
                copy_repo(ROOT, d, [m['notebook']] + [p for p in rf if p.startswith('snr_diffusion/')])
                _, problem = apply_mutation(d, m)
                print(f"{m['id']:32s} item {m['item']:>2}  {m['notebook']:26s} {'STALE: ' + problem if problem else m['what']}")
        return
    rf = repo_files(ROOT)
    check_imports_copy(rf)
    t0, counts, bad = time.time(), dict(KILLED=0, SURVIVED=0, STALE=0), []
    print(f'mutation check: {len(muts)} mutations from {", ".join(Path(f).name for f in files)}', flush=True)
    def report(m, r):
        counts[r['status']] = counts.get(r['status'], 0) + 1
        print(f"{r['status']:8s} {m['id']:32s} {r['secs']:6.1f} s  {r['why']}", flush=True)
        if r['status'] == 'SURVIVED':
            print(f"SURVIVED {m['id']}", flush=True)
            if a.verbose: print(r.get('out', '')[-3000:], flush=True)
        if r['status'] != 'KILLED': bad.append(m['id'])
    with ThreadPoolExecutor(max(1, a.jobs)) as ex:
        futs = [(m, ex.submit(run_one, m, rf, a.timeout, a.keep)) for m in muts]
        for m, f in futs: report(m, f.result())
    print(f"mutation check: {time.time() - t0:.0f} s" + (f"; not killed: {' '.join(bad)}" if bad else ''))
    print(f"{counts['KILLED']} killed, {counts['SURVIVED']} survived" + (f", {counts['STALE']} stale" if counts['STALE'] else ''))
    sys.exit(1 if bad else 0)

if __name__ == '__main__': main()
