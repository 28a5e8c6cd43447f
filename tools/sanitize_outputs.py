"""Remove the build machine's temporary folders and the repository's absolute path from the notebooks' stored outputs:
/tmp/<name> becomes <tmp>, <repo>/ becomes nothing (paths read relative to the repository). Run after saving outputs.

Usage: python tools/sanitize_outputs.py [NOTEBOOK ...]      (default: every notebook in nbs/)
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = re.compile(r'/tmp/[A-Za-z0-9_.\-]+')

def clean(s): return TMP.sub('<tmp>', s.replace(str(ROOT) + '/', ''))

def main(paths):
    changed = 0
    for p in paths:
        nb = json.loads(p.read_text()); hit = False
        for c in nb['cells']:
            for o in c.get('outputs', []):
                for key in ('text',):
                    if key in o:
                        new = [clean(t) for t in o[key]] if isinstance(o[key], list) else clean(o[key])
                        hit |= new != o[key]; o[key] = new
                for mime, v in o.get('data', {}).items():
                    if mime.startswith('text/'):
                        new = [clean(t) for t in v] if isinstance(v, list) else clean(v)
                        hit |= new != v; o['data'][mime] = new
        if hit:
            p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n'); changed += 1; print(f'sanitized {p.relative_to(ROOT)}')
    print(f'{changed} notebooks sanitized')

if __name__ == '__main__': main([Path(a).resolve() for a in sys.argv[1:]] or sorted((ROOT/'nbs').glob('*.ipynb')))
