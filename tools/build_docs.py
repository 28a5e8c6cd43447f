"""Build the docs site offline into `_docs/`: nbdev's notebook processing, then smalldocs (pure Python) instead of Quarto,
then KaTeX vendored from the npm registry so that math is typeset with no network at view time.

Usage: python tools/build_docs.py [--katex DIR]   (DIR holds KaTeX's dist/; default: tools/node_modules/katex/dist)
"""
import argparse, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CDN = re.compile(r'https://cdn\.jsdelivr\.net/npm/katex@[0-9.]+/dist')

def proc_nbs():
    "Run nbdev's doc processing (show_doc, hidden cells, sidebar) without its Quarto install step."
    os.chdir(ROOT)
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs as _proc
    import nbdev.doclinks
    cfg = get_config()
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path, force=True)
    return _proc(cfg.nbs_path, n_workers=1)

def katex_dist(arg):
    "Find KaTeX's dist/ folder, installing the npm package into tools/ if needed."
    d = Path(arg) if arg else ROOT/'tools/node_modules/katex/dist'
    if not (d/'katex.min.js').exists() and not arg:
        subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--prefix', str(ROOT/'tools'), 'katex@0.16'], check=True)
    if not (d/'katex.min.js').exists(): sys.exit(f'KaTeX not found in {d}: run `npm install --prefix tools katex@0.16`')
    return d

def vendor_katex(site:Path, dist:Path):
    "Copy KaTeX into site_libs/ and point every page at it instead of the CDN."
    dst = site/'site_libs/katex'
    if dst.exists(): shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for f in ['katex.min.js', 'katex.min.css']: shutil.copy(dist/f, dst/f)
    shutil.copytree(dist/'fonts', dst/'fonts')
    (dst/'contrib').mkdir(); shutil.copy(dist/'contrib/auto-render.min.js', dst/'contrib/auto-render.min.js')
    n = 0
    for page in site.rglob('*.html'):
        html = page.read_text()
        rel = os.path.relpath(dst, page.parent)
        new = CDN.sub(rel, html)
        if new != html: page.write_text(new); n += 1
    for css in (site/'site_libs').rglob('*.css'):   # themes @import web fonts: fall back to the system fonts
        text = css.read_text()
        new = re.sub(r'@import url\(https?://[^)]*\);?', '', text)
        if new != text: css.write_text(new)
    left = [str(p) for p in site.rglob('*.html') if 'cdn.jsdelivr' in p.read_text()]
    if left: sys.exit(f'pages still load from a CDN: {left}')
    return n

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--katex', default=None, help="folder holding KaTeX's dist files")
    args = ap.parse_args()
    dist = katex_dist(args.katex)
    cache = proc_nbs()
    out = cache/'_docs'
    if out.exists(): shutil.rmtree(out)
    subprocess.run([sys.executable, '-m', 'smalldocs.cli', 'render', '--quiet', str(cache)], check=True)
    site = ROOT/'_docs'
    if site.exists(): shutil.rmtree(site)
    shutil.move(str(out), str(site))
    missing = [nb.name for nb in sorted((ROOT/'nbs').glob('*.ipynb')) if not nb.name.startswith(('_', '.'))
               and not (site/(nb.stem + '.html')).exists()]
    if missing: sys.exit(f'no page was built for {missing}: see the errors above (nbdev runs cells that contain imports; keep imports in their own cells)')
    n = vendor_katex(site, dist)
    print(f'docs built in {site.relative_to(ROOT)}: {len(list(site.rglob("*.html")))} pages, KaTeX vendored in {n}')

if __name__ == '__main__': main()
