"""Training speed of snr_diffusion's U-Net against diffusers' `UNet2DModel` built to the same architecture.

Both networks get the same channels, blocks, GroupNorm groups, conditioning (scale-shift) and attention levels,
the same data and the same optimizer (AdamW), in the same process; their training steps are timed in
interleaved rounds so that a change of machine load hits both. Prints the parameter counts and a table of
steps per second, and the ratio ours / diffusers (> 1: ours is faster). On CUDA both run under bf16 autocast.

    python bench/unet_speed.py                          # CPU (2 threads) and CUDA if available, 'small' at 32x32, batch 64
    python bench/unet_speed.py --devices cpu --steps 12 --threads 2
    python bench/unet_speed.py --config base --size 32 --batch 128 --devices cuda --steps 50
    python bench/unet_speed.py --profile                # also the top operators of each network on the first device

Needs diffusers (`pip install diffusers`); not part of the tests.
"""
import argparse, statistics, sys, time
import torch
from snr_diffusion.unet import UNet, UNET_CONFIGS, count_params
from snr_diffusion.snr import CosineSchedule

def diffusers_twin(model:UNet):
    "diffusers' UNet2DModel with the same architecture as `model` (same channels, blocks, groups, attention, conditioning)."
    from diffusers import UNet2DModel
    c = model.config
    widths = [c['channels'] * m for m in c['channel_mult']]
    L = len(widths); attn = {a % L for a in c['attn_levels']}
    return UNet2DModel(
        in_channels=c['in_channels'] + c['cond_channels'], out_channels=c['out_channels'] or c['in_channels'],
        block_out_channels=tuple(widths), layers_per_block=c['num_res_blocks'],
        down_block_types=tuple('AttnDownBlock2D' if l in attn else 'DownBlock2D' for l in range(L)),
        up_block_types=tuple('AttnUpBlock2D' if l in attn else 'UpBlock2D' for l in reversed(range(L))),
        add_attention=c['mid_attn'], norm_num_groups=c['groups'], norm_eps=1e-5, dropout=c['dropout'],
        attention_head_dim=c['head_dim'], resnet_time_scale_shift='scale_shift' if c['scale_shift'] else 'default',
        time_embedding_type='positional', flip_sin_to_cos=True, freq_shift=0)

def make_step(net, opt, call, x0, eps, t, device):
    "One epsilon-prediction training step on fixed data (cosine schedule), bf16 autocast on CUDA."
    sch = CosineSchedule()
    a, s = sch.alpha(t.cpu()).float().to(device)[:, None, None, None], sch.sigma(t.cpu()).float().to(device)[:, None, None, None]
    xt = a * x0 + s * eps
    def step():
        with torch.autocast('cuda', dtype=torch.bfloat16, enabled=device.type == 'cuda'):
            loss = (call(net, xt, t).float() - eps).pow(2).mean()
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        return loss
    return step

def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)

def bench(device, args):
    torch.manual_seed(0)
    ours = UNet.named(args.config, in_channels=args.channels)
    peer = diffusers_twin(ours)
    n_ours, n_peer = count_params(ours), count_params(peer)
    calls = {'snr_diffusion UNet': (ours, lambda m, x, t: m(x, t)),
             'diffusers UNet2DModel': (peer, lambda m, x, t: m(x, t * 1000).sample)}   # diffusers takes a DDPM step
    g = torch.Generator().manual_seed(1)
    x0 = (torch.rand(args.batch, args.channels, args.size, args.size, generator=g) * 2 - 1).to(device)
    eps = torch.randn(x0.shape, generator=g).to(device)
    t = torch.rand(args.batch, generator=g).to(device)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    steps = {}
    for name, (net, call) in calls.items():
        net.to(device=device, memory_format=fmt).train()
        opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
        steps[name] = make_step(net, opt, call, x0.contiguous(memory_format=fmt), eps.contiguous(memory_format=fmt), t, device)
    for name, step in steps.items():                       # warm-up (allocator, cuDNN/oneDNN algorithm choice)
        for _ in range(args.warmup): step()
        sync(device)
    per_round = max(1, args.steps // args.rounds)
    times, cpu = {name: [] for name in steps}, {name: [] for name in steps}
    for r in range(args.rounds):                           # interleaved: A B, B A, A B, ...
        order = list(steps) if r % 2 == 0 else list(steps)[::-1]
        for name in order:
            sync(device); t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(per_round): loss = steps[name]()
            sync(device); times[name].append((time.perf_counter() - t0) / per_round)
            cpu[name].append((time.process_time() - c0) / per_round)
            if not torch.isfinite(loss): raise RuntimeError(f'{name}: non-finite loss {loss.item()}')
    if args.profile: profile(steps, device)
    return dict(n_ours=n_ours, n_peer=n_peer, times=times, cpu=cpu, per_round=per_round)

def profile(steps, device, rows=12):
    from torch.profiler import profile as prof, ProfilerActivity
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == 'cuda' else [])
    for name, step in steps.items():
        with prof(activities=acts) as p:
            for _ in range(2): step()
            sync(device)
        key = 'self_cuda_time_total' if device.type == 'cuda' else 'self_cpu_time_total'
        ka = p.key_averages()
        tot = sum(e.self_cpu_time_total for e in ka); conv = sum(e.self_cpu_time_total for e in ka if 'convolution' in e.key)
        calls = sum(e.count for e in ka if e.key.startswith('aten::'))
        print(f'\n### {name}: top operators over 2 steps ({device.type})')
        print(f'self CPU time {tot / 2e6:.3f} s/step, of which convolutions {conv / tot:.1%}; the rest {(tot - conv) / 2e6:.3f} s/step; '
              f'{calls / 2:.0f} aten calls/step (optimizer included)')
        print(p.key_averages().table(sort_by=key, row_limit=rows))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--config', default='small', choices=sorted(UNET_CONFIGS))
    ap.add_argument('--size', type=int, default=32, help='image size (H = W)')
    ap.add_argument('--channels', type=int, default=3, help='image channels')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--steps', type=int, default=12, help='timed training steps per network and device (after warm-up)')
    ap.add_argument('--rounds', type=int, default=4, help='the timed steps are split into this many interleaved rounds')
    ap.add_argument('--warmup', type=int, default=2, help='untimed steps per network first')
    ap.add_argument('--threads', type=int, default=2, help='torch CPU threads')
    ap.add_argument('--devices', default='auto', help="comma-separated: cpu, cuda; 'auto' = cpu and cuda if available")
    ap.add_argument('--channels-last', action='store_true', help='both networks and the data in channels_last memory format')
    ap.add_argument('--profile', action='store_true', help='print the top operators of each network')
    args = ap.parse_args(argv)
    try: import diffusers
    except ImportError: sys.exit('bench/unet_speed.py needs diffusers: pip install diffusers')
    torch.set_num_threads(args.threads)
    devs = ['cpu'] + (['cuda'] if torch.cuda.is_available() else []) if args.devices == 'auto' else args.devices.split(',')
    print(f'torch {torch.__version__}, diffusers {diffusers.__version__}, {args.threads} CPU threads; config {args.config!r}, '
          f'{args.batch}x{args.channels}x{args.size}x{args.size}, {args.warmup} warm-up + {args.steps} timed steps in {args.rounds} interleaved rounds'
          + (', channels_last' if args.channels_last else ''))
    rows = []
    for d in devs:
        device = torch.device(d)
        if device.type == 'cuda' and not torch.cuda.is_available(): sys.exit('no CUDA device')
        r = bench(device, args)
        dn = torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'
        print(f'\n[{dn}] parameters: snr_diffusion {r["n_ours"]:,}, diffusers {r["n_peer"]:,} (ratio {r["n_ours"] / r["n_peer"]:.4f})')
        if abs(r['n_ours'] / r['n_peer'] - 1) > 0.10: sys.exit('parameter counts differ by more than 10%: the twin is not the same architecture')
        tot = {k: len(v) / sum(v) for k, v in r['times'].items()}                    # steps/s over all timed steps (v: s/step per round)
        best = {k: 1 / min(v) for k, v in r['times'].items()}                        # steps/s of the fastest round
        (a, b) = list(tot)
        ratios = [tb / ta for ta, tb in zip(r['times'][a], r['times'][b])]            # per-round speed ratio ours/peer
        # process CPU time per step: on a shared CPU it is less sensitive to other jobs than wall time (exactly so with 1 thread)
        rc = statistics.median(r['cpu'][b]) / statistics.median(r['cpu'][a]) if device.type == 'cpu' else float('nan')
        rows.append((dn + (' (bf16 autocast)' if device.type == 'cuda' else ''), tot[a], tot[b], tot[a] / tot[b],
                     best[a] / best[b], statistics.median(ratios), min(ratios), max(ratios), rc))
    print('\nSpeed ratio = ours / diffusers in training steps per second (> 1: ours is faster).')
    print('| device | ours steps/s | diffusers steps/s | ratio (all steps) | ratio (best rounds) | ratio per round: median [min, max] | ratio (CPU time) |')
    print('|---|---|---|---|---|---|---|')
    for dn, sa, sb, ra, rb, med, lo, hi, rc in rows:
        print(f'| {dn} | {sa:.3f} | {sb:.3f} | {ra:.2f} | {rb:.2f} | {med:.2f} [{lo:.2f}, {hi:.2f}] | {"-" if rc != rc else f"{rc:.2f}"} |')

if __name__ == '__main__': main()
