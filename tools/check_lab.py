"""The student's path in a real browser: JupyterLab on a free loopback port, notebook 01 opened in headless Chromium,
Run > Run All Cells from the menu; fail on any error output, a missing or broken figure, an unexecuted cell, a
request outside 127.0.0.1, or a change to the notebook file. Screenshots in _lab_check/.

Usage: python tools/check_lab.py [NOTEBOOK] [--timeout S]   (default nbs/01_snr.ipynb, 300 s for Run All)
Needs Debian's chromium (installed with apt-get if missing, as tools/check_docs.py does) and playwright (no browser
download). JupyterLab runs with news, update checks and the PyPI extension manager off, autosave off, its own
settings, workspace and runtime folders under _lab_check/jupyter/, and an audit hook (sitecustomize) in the server and
its kernels that logs every DNS lookup or connection to a host outside loopback: any such attempt fails the check.
"""
import argparse, hashlib, json, os, re, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'_lab_check'
sys.path.insert(0, str(ROOT/'tools'))
from check_docs import chromium  # noqa: E402  (Debian's chromium, installed with apt-get if missing)

# the flags `make lab` uses too: no news feed, no update check, no extension search on PyPI
LAB_FLAGS = ['--no-browser', '--ServerApp.ip=127.0.0.1', '--LabApp.news_url=None',
             '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--LabApp.extension_manager=readonly']
SETTINGS = {  # user settings for this check only: no autosave (the notebook file must not change), every cell in the DOM
    '@jupyterlab/docmanager-extension/plugin': {'autosave': False},
    '@jupyterlab/notebook-extension/tracker': {'windowingMode': 'none'},
    '@jupyterlab/apputils-extension/notification': {'fetchNews': 'false', 'checkForUpdates': False},
}
NET_HOOK = '''# written by tools/check_lab.py: log every attempt of this process to reach a host outside loopback
import os, sys
def _snrd_hook(event, args, _log=os.environ.get('SNRD_NET_LOG')):
    if event == 'socket.getaddrinfo': host = args[0]
    elif event == 'socket.connect': host = args[1][0] if isinstance(args[1], tuple) else None
    else: return
    if isinstance(host, bytes): host = host.decode('ascii', 'replace')
    if host is None or host in ('', 'localhost', '::1') or str(host).startswith('127.'): return
    with open(_log, 'a') as f: f.write(f'{os.getpid()} {event} {host!r} {" ".join(sys.argv[:3])}\\n')
if os.environ.get('SNRD_NET_LOG'): sys.addaudithook(_snrd_hook)
'''

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def start_lab(nb_dir, port, token, work):
    "Start JupyterLab on 127.0.0.1:port serving nb_dir; return the process once /api/status answers."
    for d in ('settings', 'workspaces', 'config', 'data', 'runtime', 'ipython', 'hook'): (work/d).mkdir(parents=True)
    for plugin, values in SETTINGS.items():
        f = work/'settings'/(plugin + '.jupyterlab-settings'); f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    (work/'hook'/'sitecustomize.py').write_text(NET_HOOK)
    env = {k: v for k, v in os.environ.items() if k not in ('SNRD_RECOMPUTE', 'IN_TEST', 'MPLBACKEND')}
    env.update(JUPYTER_CONFIG_DIR=str(work/'config'), JUPYTER_DATA_DIR=str(work/'data'),
               JUPYTER_RUNTIME_DIR=str(work/'runtime'), IPYTHONDIR=str(work/'ipython'), SNRD_NET_LOG=str(work/'net.log'),
               PYTHONPATH=os.pathsep.join([str(work/'hook')] + ([env['PYTHONPATH']] if env.get('PYTHONPATH') else [])))
    exe = Path(sys.executable).parent/'jupyter-lab'
    cmd = [str(exe), *LAB_FLAGS, f'--ServerApp.port={port}', '--ServerApp.port_retries=0',
           f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={nb_dir}', '--LabApp.expose_app_in_browser=True',
           f'--LabApp.user_settings_dir={work/"settings"}', f'--LabApp.workspaces_dir={work/"workspaces"}'
           ] + (['--allow-root'] if os.geteuid() == 0 else [])   # CI runs as root; Jupyter refuses root without it
    log = open(work/'server.log', 'w')
    proc = subprocess.Popen(cmd, cwd=nb_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(240):
        if proc.poll() is not None: break
        try:
            if opener.open(f'http://127.0.0.1:{port}/api/status?token={token}', timeout=2).status == 200: return proc
        except OSError: time.sleep(0.5)
    stop_lab(proc)
    sys.exit('JupyterLab did not start:\n' + (work/'server.log').read_text()[-3000:])

def stop_lab(proc):
    "SIGTERM: the server shuts its kernels down; the whole process group is killed if it has not exited in 30 s."
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try: proc.wait(30)
        except subprocess.TimeoutExpired: pass
    try: os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError: pass

PROBE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const outs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return {
    kernel: k ? `${k.connectionStatus}/${k.status}` : null,
    status: (panel.querySelector('.jp-Notebook-ExecutionIndicator') || {dataset: {}}).dataset.status || null,
    prompts: [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.innerText.trim()),
    stderr: outs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr').map(o => o.innerText.slice(0, 400)),
    tracebacks: outs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr'
                            && /Traceback|^\\w+(Error|Exception): /m.test(o.innerText)).length,
    imgs: [...panel.querySelectorAll('.jp-OutputArea-output img')].map(i => i.complete ? i.naturalWidth : 0),
  };
}"""
MODEL = "() => window.jupyterapp.shell.currentWidget.context.model.toJSON()"

def check(nb, timeout):
    from playwright.sync_api import sync_playwright
    nb = nb.resolve(); digest = hashlib.sha256(nb.read_bytes()).hexdigest()
    stored = json.loads(nb.read_text())
    code = [c for c in stored['cells'] if c['cell_type'] == 'code' and ''.join(c['source']).strip()]
    want_imgs = max(1, sum('image/png' in o.get('data', {}) for c in code for o in c.get('outputs', [])))
    OUT.mkdir(exist_ok=True); work = OUT/'jupyter'
    shutil.rmtree(work, ignore_errors=True)
    port, token = free_port(), secrets.token_hex(16)
    base = f'http://127.0.0.1:{port}/'
    t0 = time.time(); proc = start_lab(nb.parent, port, token, work)
    print(f'JupyterLab up on {base} in {time.time() - t0:.1f} s', flush=True)
    fails, outside, stem = [], [], nb.stem
    args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium(), headless=True, args=args)
            pg = b.new_page(viewport={'width': 1400, 'height': 1000})
            def route(r):
                if r.request.url.startswith((base, 'data:', 'blob:')): return r.continue_()
                outside.append(r.request.url); r.abort()
            pg.route('**/*', route)
            pg.on('websocket', lambda ws: outside.append(ws.url) if not ws.url.startswith(f'ws://127.0.0.1:{port}/') else None)
            pg.goto(f'{base}lab/tree/{nb.name}?token={token}', wait_until='domcontentloaded')
            # the kernel starts when the notebook opens; wait until it is idle (accepting a kernel dialog if one shows)
            deadline = time.time() + 120
            while True:
                dlg = pg.locator('.jp-Dialog .jp-mod-accept')
                if dlg.count(): dlg.first.click()
                r = pg.evaluate(PROBE)
                if r and r['kernel'] == 'connected/idle' and r['status'] == 'idle' and r['prompts']: break
                if time.time() > deadline: raise TimeoutError(f'the notebook or its kernel did not come up: {r}')
                pg.wait_for_timeout(500)
            print(f'{nb.name} open, kernel idle ({time.time() - t0:.1f} s); Run > Run All Cells', flush=True)
            pg.locator('.lm-MenuBar-itemLabel', has_text=re.compile(r'^Run$')).click()
            pg.locator('.lm-Menu-itemLabel', has_text=re.compile(r'^Run All Cells$')).click()
            t1 = time.time(); seen_busy = False
            while True:
                pg.wait_for_timeout(1000)
                r = pg.evaluate(PROBE)
                busy = r['kernel'] != 'connected/idle' or r['status'] != 'idle' or any('*' in q for q in r['prompts'])
                seen_busy |= busy
                if not busy and (seen_busy or time.time() - t1 > 15): break
                if time.time() - t1 > timeout:
                    fails.append(f'Run All did not finish in {timeout} s'); break
            run_s = time.time() - t1
            pg.wait_for_timeout(1000)   # let the last images decode
            r = pg.evaluate(PROBE); model = pg.evaluate(MODEL)
            shots = [OUT/f'{stem}_top.png', OUT/f'{stem}_figure.png', OUT/f'{stem}_end.png']
            pg.screenshot(path=str(shots[2]))
            first_img = pg.locator('.jp-OutputArea-output img').first
            if first_img.count():
                first_img.scroll_into_view_if_needed(); pg.wait_for_timeout(300)
                pg.evaluate("() => { const i = document.querySelector('.jp-OutputArea-output img');"
                            " i.closest('.jp-Cell').previousElementSibling?.scrollIntoView(); }")
                pg.wait_for_timeout(300); pg.screenshot(path=str(shots[1]))
            pg.keyboard.press('Control+Home')
            pg.evaluate("() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')?.scrollIntoView()")
            pg.wait_for_timeout(300); pg.screenshot(path=str(shots[0]))
            b.close()
    finally:
        stop_lab(proc)
    # what the notebook holds after Run All (JupyterLab's own model, not only the DOM)
    cells = [c for c in model['cells'] if c['cell_type'] == 'code' and ''.join(c['source']).strip()]
    errors = [(i, o.get('ename'), o.get('evalue', '')[:200]) for i, c in enumerate(cells)
              for o in c.get('outputs', []) if o['output_type'] == 'error']
    counts = [c.get('execution_count') for c in cells]
    n_png = sum('image/png' in o.get('data', {}) for c in cells for o in c.get('outputs', []))
    if errors: fails.append(f'error outputs: {errors}')
    if r['tracebacks']: fails.append(f"{r['tracebacks']} outputs show a traceback or an error")
    if not all(isinstance(n, int) for n in counts) or counts != sorted(counts):
        fails.append(f'cells not all executed in order: execution counts {counts}')
    bad_prompts = [q for q in r['prompts'] if not re.fullmatch(r'\[\d+\]:', q)]
    if len(bad_prompts) > len(r['prompts']) - len(cells):   # empty code cells keep `[ ]:`
        fails.append(f'unexecuted prompts on the page: {bad_prompts[:5]}')
    shown = sum(w > 0 for w in r['imgs'])
    if shown < want_imgs or shown < len(r['imgs']):
        fails.append(f'{shown} figures rendered of {len(r["imgs"])} images on the page; the stored notebook has {want_imgs}')
    net = (work/'net.log').read_text().splitlines() if (work/'net.log').exists() else []
    if outside: fails.append(f'the page asked for {len(outside)} addresses outside the server: {sorted(set(outside))[:3]}')
    if net: fails.append(f'the server or a kernel tried to reach {len(net)} hosts outside loopback: {net[:3]}')
    if hashlib.sha256(nb.read_bytes()).hexdigest() != digest: fails.append(f'{nb.name} was changed on disk')
    for s in r['stderr']:
        if 'Traceback' not in s: print(f'note: stderr output: {s[:200]!r}')
    print(f'{nb.name}: Run All took {run_s:.1f} s; {len(cells)} code cells, execution counts {counts[0] if counts else None}'
          f'..{counts[-1] if counts else None}; {shown} figures rendered ({n_png} PNG outputs), {len(errors)} errors, '
          f'{len(r["stderr"])} stderr outputs; requests outside loopback: page {len(outside)}, server/kernel {len(net)}')
    print('screenshots: ' + ', '.join(str(s.relative_to(ROOT)) for s in shots if s.exists()))
    return fails

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebook', nargs='?', default=str(ROOT/'nbs'/'01_snr.ipynb'))
    ap.add_argument('--timeout', type=float, default=300, help='seconds Run All may take (default 300)')
    a = ap.parse_args()
    fails = check(Path(a.notebook), a.timeout)
    if fails: sys.exit('JupyterLab check failed:\n' + '\n'.join(fails))
    print('JupyterLab check passed')
