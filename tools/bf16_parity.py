"""Training parity of bf16 and float32: two `snrd train` runs that differ only in --precision,
compared on their loss logs and on the EMA network's eps-loss over one fixed batch of held-out data (fixed t and noise),
evaluated in float32 for both.

Usage: python tools/bf16_parity.py RUN_FP32 RUN_BF16 [OUT.json]     (the runs: snrd train --data digits --res 16 --model compact
       --steps 3000 --batch 64 --lr 5e-4 --warmup 100 --ema 0.999 --seed 0 --precision fp32|bf16)
"""
import csv, json, sys
import torch
from snr_diffusion.pipeline import load_model
from snr_diffusion.data import load_images
from snr_diffusion.train import eps_loss

def fixed_loss(m, x0, seeds=(1, 2, 3)):
    "Mean eps-loss of the model's EMA network over fixed (t, eps) draws on x0, in float32."
    out = []
    for s in seeds:
        g = torch.Generator().manual_seed(s)
        u, eps = torch.rand(len(x0), generator=g), torch.randn(x0.shape, generator=g)
        with torch.no_grad(): out.append(eps_loss(m.net, m.schedule, x0, u, eps, t_min=m.t_min).mean().item())
    return out

def main(a, b, out=None):
    ma, mb = load_model(a), load_model(b)
    run = ma.run
    x0 = load_images(run['data'], run['res'], 512, 'test', run['color'], run['seed'])
    rep = {}
    for name, m, path in (('fp32', ma, a), ('bf16', mb, b)):
        log = list(csv.DictReader(open(f'{path}/log.csv')))
        rep[name] = dict(precision=m.config.get('precision'), step=m.config['step'], fixed_loss=fixed_loss(m, x0),
                         log=[[int(r['step']), float(r['loss'])] for r in log], seconds=sum(float(r['seconds']) for r in log))
    rep['settings'] = {k: ma.run[k] for k in ('data', 'res', 'model', 'seed')} | {k: ma.config['config'][k] for k in ('steps', 'batch_size', 'lr', 'warmup', 'ema_decay')}
    print(json.dumps({k: v.get('fixed_loss', v) for k, v in rep.items()}, indent=1))
    if out: open(out, 'w').write(json.dumps(rep, indent=1) + '\n')

if __name__ == '__main__': main(*sys.argv[1:3], out=sys.argv[3] if len(sys.argv) > 3 else None)
