"""Run every ```python block of README.md as written, each in a fresh interpreter from a temporary folder (no repository
files on the path but the installed package), so that a snippet without its imports, or one that needs the clone, fails.

Usage: python tools/check_readme_snippets.py
"""
import re, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def main():
    blocks = re.findall(r'```python\n(.*?)```', (ROOT/'README.md').read_text(), re.S)
    if not blocks: sys.exit('README.md has no ```python block')
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for i, code in enumerate(blocks, 1):
            r = subprocess.run([sys.executable, '-c', code], cwd=d, capture_output=True, text=True, timeout=600)
            ok = r.returncode == 0
            bad += not ok
            print(f"README python block {i}: {'ok' if ok else 'FAILED'}" + ('' if ok else f"\n{r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''}"))
    if bad: sys.exit(f'{bad} of {len(blocks)} README python blocks fail as written')

if __name__ == '__main__': main()
