"""Copy a finished run of snrd train into the package as a bundled model: model.safetensors (EMA weights), config.json
and log.csv. A run started from the bundle's own weights (snrd train --init) continues the bundle's log: its steps are
shifted by the steps behind the weights it started from, and the bundle's old log must reach exactly there (its rows after that point, from an earlier bundling of the same run, are replaced).

Usage: python tools/bundle_run.py RUN NAME        (NAME: a folder of snr_diffusion/models, e.g. glyphs64)
"""
import csv, json, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def bundle(run, name):
    run, dst = Path(run), ROOT/'snr_diffusion/models'/name
    init = json.loads((run/'config.json').read_text())['model']['run'].get('init')
    rows = list(csv.DictReader(open(run/'log.csv')))
    if init:
        old = [r for r in csv.DictReader(open(dst/'log.csv')) if int(float(r['step'])) <= init['steps_before']]   # bundling the run again replaces its rows
        if not old or int(float(old[-1]['step'])) != init['steps_before']:
            sys.exit(f"{dst}/log.csv has no row at step {init['steps_before']}, the steps behind the run's first weights: the run did not start from this bundle")
        for r in rows: r['step'] = str(int(float(r['step'])) + init['steps_before'])
        rows = old + rows
    dst.mkdir(parents=True, exist_ok=True)
    for f in ('model.safetensors', 'config.json'): shutil.copy(run/f, dst/f)
    with open(dst/'log.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
    print(f"bundled {run} as {dst}: {(dst/'model.safetensors').stat().st_size / 2**20:.1f} MiB, {len(rows)} log rows to step {rows[-1]['step']}")

if __name__ == '__main__': bundle(*sys.argv[1:3])
