#!/usr/bin/env python
"""Build the wheel, fail on any packaging warning, install it in a fresh virtual environment outside the repository
and run `snrd sample` there on the bundled model.

    .venv/bin/python tools/check_wheel.py            # quick: the new venv borrows the dependencies of this one
    .venv/bin/python tools/check_wheel.py --full     # the new venv installs the dependencies itself (torch==2.13.0)

The wheel is built offline (`python -m build --wheel --no-isolation`, or `pip wheel --no-build-isolation` where
`build` is missing) from a copy of the files git knows (tracked, or untracked and not ignored), so a stale build/
folder cannot leak into it. Checked: no warning in the build log; every file of snr_diffusion/models/<name>/ is in
the wheel; in the new venv `snr_diffusion` is imported from that venv, not from the repository; the wheel's
dependencies are satisfied; `snrd sample` writes a PNG.
"""
import argparse, re, shutil, subprocess, sys, tempfile, time, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# setuptools' and pypa-build's warnings ("WARNING Package ... is absent from the `packages` configuration",
# "SetuptoolsDeprecationWarning: ..."); distutils' lower-case "warning: build_py: byte-compiling is disabled"
# only reports PYTHONDONTWRITEBYTECODE and is not a packaging problem
WARNING = re.compile(r'^\s*WARNING\b|Warning:|is absent from the `packages` configuration')

def fail(msg): sys.exit(f'check_wheel: FAIL: {msg}')

def run(cmd, **kw):
    "Run cmd, return its combined output; fail with that output on a non-zero exit."
    p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0: fail(f'{" ".join(map(str, cmd))} exited {p.returncode}:\n{p.stdout[-4000:]}')
    return p.stdout

def copy_sources(dst:Path):
    "Copy the files git knows (tracked, or untracked and not ignored) into dst."
    files = run(['git', '-C', ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0')
    for f in filter(None, files):
        src = ROOT / f
        if src.is_file():
            (dst / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / f)

def build_wheel(src:Path, out:Path, use_pip=False):
    "Build the wheel offline with pypa-build, or with pip where `build` is missing; return (path, build log)."
    try:
        if use_pip: raise ImportError
        import build  # noqa: F401
        log = run([sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', out, src])
    except ImportError:   # -v: pip shows the backend's output, warnings included, only when verbose
        log = run([sys.executable, '-m', 'pip', 'wheel', '-v', '--no-deps', '--no-build-isolation', '-w', out, src])
    wheels = list(out.glob('*.whl'))
    if len(wheels) != 1: fail(f'expected one wheel in {out}, found {wheels}')
    return wheels[0], log

def check_contents(whl:Path):
    "Every file under snr_diffusion/models/<name>/ (the bundled models) and snr_diffusion/models/*.safetensors (the glyph classifier) must be in the wheel."
    names = set(zipfile.ZipFile(whl).namelist())
    models = ROOT / 'snr_diffusion' / 'models'
    want = sorted(str(p.relative_to(ROOT)) for p in [*models.glob('*/*'), *models.glob('*.safetensors')] if p.is_file() and '__pycache__' not in p.parts)
    if not want: fail(f'no bundled model under {models}')
    missing = [w for w in want if w not in names]
    if missing: fail(f'the wheel lacks {missing}')
    return want

def site_packages(venv:Path):
    out = run([venv / 'bin' / 'python', '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])
    return Path(out.strip())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--full', action='store_true', help='install the dependencies in the new venv (torch==2.13.0 first) instead of borrowing them')
    ap.add_argument('--pip', action='store_true', help='build with `pip wheel` even where pypa-build is installed')
    ap.add_argument('--keep', action='store_true', help='keep the temporary folder and print its path')
    args = ap.parse_args()
    t0 = time.time()
    tmp = Path(tempfile.mkdtemp(prefix='snrd-wheel-'))
    try:
        src, dist, venv = tmp / 'src', tmp / 'dist', tmp / 'venv'
        copy_sources(src)
        whl, log = build_wheel(src, dist, args.pip)
        bad = [l for l in log.splitlines() if WARNING.search(l)]
        if bad: fail('the wheel build warns:\n' + '\n'.join(bad) + f'\n--- full log ---\n{log[-6000:]}')
        shipped = check_contents(whl)
        print(f'built {whl.name} without warnings, with {", ".join(shipped)} ({time.time() - t0:.0f} s)')

        run([sys.executable, '-m', 'venv', venv])
        py = venv / 'bin' / 'python'
        if args.full:
            run([py, '-m', 'pip', 'install', '-q', 'torch==2.13.0'])
            run([py, '-m', 'pip', 'install', '-q', whl])
        else:
            # borrow this environment's packages (torch, numpy, ...) AFTER the new venv's own site-packages, through a
            # .pth line; .pth files of the borrowed folder (this repo's editable install among them) are not executed
            import sysconfig
            (site_packages(venv) / '_borrowed.pth').write_text(sysconfig.get_paths()['purelib'] + '\n')
            # --force-reinstall: pip sees the editable install's metadata and would otherwise skip the wheel; it never
            # uninstalls outside the new venv
            run([py, '-m', 'pip', 'install', '-q', '--no-deps', '--force-reinstall', whl])
        work = tmp / 'work'; work.mkdir()          # run outside the repository, so that it cannot shadow the wheel
        probe = ('import importlib.metadata as md, sys\n'
                 'from packaging.requirements import Requirement\n'
                 'import snr_diffusion\n'
                 'from snr_diffusion.pipeline import bundled_model, load_model\n'
                 'x = load_model("glyphs32").sample(16, steps=4, progress=False)\n'
                 'assert x.shape == (16, 1, 32, 32) and x.abs().max() <= 1, x.shape\n'
                 'print(snr_diffusion.__file__); print(bundled_model())\n'
                 'for r in map(Requirement, md.requires("snr-diffusion") or []):\n'
                 '    if r.marker is not None and not r.marker.evaluate(): continue\n'
                 '    v = md.version(r.name)\n'
                 '    if not r.specifier.contains(v, prereleases=True): sys.exit(f"{r.name} {v} does not satisfy {r}")\n')
        mod_file, model_dir = run([py, '-c', probe], cwd=work).split()[-2:]
        for p in (mod_file, model_dir):
            if not Path(p).resolve().is_relative_to(venv.resolve()): fail(f'{p} is not inside the new venv {venv}')
        png = work / 'samples.png'
        t1 = time.time()
        run([venv / 'bin' / 'snrd', 'sample', '--ckpt', model_dir, '--out', png, '--n', 4, '--steps', 4,
             '--no-metrics', '--no-progress', '--device', 'cpu'], cwd=work)
        if not png.is_file() or png.read_bytes()[:8] != b'\x89PNG\r\n\x1a\n': fail(f'snrd sample wrote no PNG at {png}')
        print(f'snrd sample (bundled model, 4 samples, 4 steps) in the new venv wrote {png.name}, '
              f'{png.stat().st_size} bytes ({time.time() - t1:.0f} s)')
        if (Path(model_dir).parent / 'sr_photo4' / 'model.safetensors').exists():
            # the bundled super-resolution model works out of the box: snrd sr without --ckpt on a small RGB image
            from PIL import Image
            import numpy as np
            inp, srp = work / 'small.png', work / 'small_x4.png'
            Image.fromarray(np.random.default_rng(0).integers(0, 256, (12, 20, 3), dtype=np.uint8)).save(inp)
            t1 = time.time()
            run([venv / 'bin' / 'snrd', 'sr', '--input', inp, '--out', srp, '--steps', 3, '--no-progress', '--device', 'cpu'], cwd=work)
            with Image.open(srp) as im: size = im.size
            if size != (80, 48): fail(f'snrd sr wrote a {size} image from a 20x12 input with the bundled 4x model, expected (80, 48)')
            print(f'snrd sr (bundled 4x model, 3 levels) in the new venv: 20x12 -> {size[0]}x{size[1]} ({time.time() - t1:.0f} s)')
        print(f'check_wheel: OK in {time.time() - t0:.0f} s')
    finally:
        if args.keep: print(f'kept {tmp}')
        else: shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': main()
