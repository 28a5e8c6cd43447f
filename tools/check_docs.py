"""Open pages of the built site `_docs/` in headless Chromium, save screenshots, and fail if a page is empty,
an image is missing or broken, math is left untypeset, or the page asked for anything outside the site.

Usage: python tools/check_docs.py [PAGE.html ...]   (default: every page of the site; screenshots in _docs_check/)
Needs Debian's chromium (installed here with apt-get if missing) and the playwright package (no browser download).
"""
import functools, http.server, shutil, subprocess, sys, threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE, SHOTS = ROOT/'_docs', ROOT/'_docs_check'

def chromium():
    exe = shutil.which('chromium') or shutil.which('chromium-browser')
    if exe: return exe
    print('installing Debian chromium ...', flush=True)
    subprocess.run(['apt-get', 'update', '-qq'], check=True)
    subprocess.run(['apt-get', 'install', '-y', '-qq', 'chromium'], check=True)
    return shutil.which('chromium')

def serve(root):
    "Serve `root` on a free loopback port in a daemon thread."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    h = functools.partial(Quiet, directory=str(root))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), h)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

PROBE = """() => {
  const main = document.querySelector('main') || document.body;
  const imgs = [...main.querySelectorAll('img')];
  return {
    text: main.innerText.length,
    katex: document.querySelectorAll('.katex').length,
    katex_errors: document.querySelectorAll('.katex-error').length,
    raw_math: (main.innerText.match(/\\\\\\(|\\\\\\[|\\$\\$/g) || []).length,
    imgs: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)),
    sidebar: [...document.querySelectorAll('#quarto-sidebar a, .sidebar a')].map(a => a.innerText.trim()).filter(Boolean),
  };
}"""

def check(pages, expect_math, expect_imgs={}):
    from playwright.sync_api import sync_playwright
    if not (SITE/'index.html').exists(): sys.exit('no site in _docs/: run `make docs` first')
    SHOTS.mkdir(exist_ok=True)
    srv = serve(SITE); base = f'http://127.0.0.1:{srv.server_address[1]}/'
    fails, outside = [], []
    args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync']
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), headless=True, args=args)
        pg = b.new_page(viewport={'width': 1280, 'height': 900})
        pg.on('request', lambda r: outside.append(r.url) if not r.url.startswith(base) and not r.url.startswith('data:') else None)
        for name in pages:
            outside.clear()
            pg.goto(base + name, wait_until='networkidle')
            pg.wait_for_timeout(500)
            r = pg.evaluate(PROBE)
            shot = SHOTS/(Path(name).stem + '.png')
            pg.screenshot(path=str(shot), full_page=False)
            pg.screenshot(path=str(SHOTS/(Path(name).stem + '_full.png')), full_page=True)
            bad = []
            if r['text'] < 200: bad.append(f"page nearly empty ({r['text']} characters)")
            if r['broken']: bad.append(f"broken images: {r['broken']}")
            if r['katex_errors']: bad.append(f"{r['katex_errors']} KaTeX errors")
            if r['raw_math']: bad.append(f"{r['raw_math']} untypeset math delimiters left in the text")
            if name in expect_math and r['katex'] < 10: bad.append(f"math not typeset ({r['katex']} KaTeX elements)")
            if r['imgs'] < expect_imgs.get(name, 0): bad.append(f"only {r['imgs']} images, expected at least {expect_imgs[name]}")
            if outside: bad.append(f"requests outside the site: {sorted(set(outside))[:3]}")
            print(f"{name}: {r['text']} chars, {r['katex']} formulas, {r['imgs']} images, sidebar {r['sidebar']}"
                  f" -> {shot.relative_to(ROOT)}" + (f"\n  FAIL: {'; '.join(bad)}" if bad else ' OK'))
            fails += [f'{name}: {x}' for x in bad]
        b.close()
    srv.shutdown()
    return fails

if __name__ == '__main__':
    pages = sys.argv[1:] or sorted(p.name for p in SITE.glob('*.html'))
    fails = check(pages, expect_math={p for p in pages if p[:2] in ('01', '02', '03', '04')}, expect_imgs={'01_snr.html': 4})
    if fails: sys.exit('docs check failed:\n' + '\n'.join(fails))
    print('docs check passed')
