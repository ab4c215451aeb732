"""One `tiny`-preset MM-DiT training step (forward + backward + AdamW; batch 8, 64-px images → 32² latent, a 333-token
context) timed on 1 and 2 torch threads, side by side in one run, and whether its output and gradients are bitwise the
same on both. Usage: python benchmarks/bench_threads.py [--steps 5]"""
import argparse, tempfile, time
import torch
from microlit.sd3 import build_tiny_sd3, load_sd3

ap = argparse.ArgumentParser(); ap.add_argument('--steps', type=int, default=5); a = ap.parse_args()
d = tempfile.mkdtemp()
build_tiny_sd3(d + '/m', sample_size=32, overwrite=True)   # the tiny preset's MM-DiT
tr = load_sd3(d + '/m').transformer
g = torch.Generator().manual_seed(0)
B = 8
inp = dict(hidden_states=torch.randn(B, 4, 32, 32, generator=g),
           encoder_hidden_states=torch.randn(B, 77 + 256, tr.config.joint_attention_dim, generator=g),
           pooled_projections=torch.randn(B, tr.config.pooled_projection_dim, generator=g),
           timestep=torch.rand(B, generator=g) * 1000)
opt = torch.optim.AdamW(tr.parameters(), 1e-4)
state = {k: v.clone() for k, v in tr.state_dict().items()}
secs, ref = {}, {}
for n in (1, 2):
    torch.set_num_threads(n)
    tr.load_state_dict(state); tr.zero_grad()
    out = tr(**inp, return_dict=False)[0]; out.pow(2).mean().backward()
    ref[n] = (out.detach().clone(), torch.cat([p.grad.flatten() for p in tr.parameters() if p.grad is not None]))
    for i in range(a.steps + 2):
        if i == 2: t0 = time.perf_counter()   # two warm-up steps
        tr.zero_grad(); out = tr(**inp, return_dict=False)[0]; out.pow(2).mean().backward(); opt.step()
    secs[n] = (time.perf_counter() - t0) / a.steps
    print(f'{n} thread(s): {secs[n]:.3f} s / step', flush=True)
print(f'speed-up on 2 threads: {secs[1] / secs[2]:.2f}×; output bitwise equal: {torch.equal(ref[1][0], ref[2][0])}, '
      f'gradients bitwise equal: {torch.equal(ref[1][1], ref[2][1])}')
