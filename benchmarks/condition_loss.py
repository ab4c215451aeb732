"""How much a trained generator's denoising uses its condition, and how well it denoises: its flow-matching loss on fixed noise.

    python benchmarks/condition_loss.py RUN/generator/model RUN/corpus [THREADS]

On 96 crops (4 per micrograph, crop seed 123) of the training split and of the unseen split: the SD3 velocity loss on
fixed noise at σ = 0.2 … 0.95 with each crop's own full-text condition ("right"), with the condition of another crop of
the set ("shuffled") and unconditional (empty prompt). Lower "right" = a better denoiser; "shuffled − right" > 0 = the
model uses its condition (on the unseen split: generalises it). One seed of noise, deterministic for a given model.
"""
import sys, torch, numpy as np
from microlit.generate import Generator
from microlit.train import load_train_data, encode_latents, encode_batch, flow_matching_loss, noisy_latents
from microlit.data import make_prompt
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
g = Generator.from_pretrained(sys.argv[1]); pipe, cond = g.pipe, g.cond
res = {}
for split in ('train', 'unseen'):
    td = load_train_data(sys.argv[2], 64, split=split, seed=123, progress=False, crops=4)
    n = min(len(td.ids), 96); gen = torch.Generator().manual_seed(0)
    idx = torch.randperm(len(td.ids), generator=gen)[:n]
    with torch.no_grad(): lat = encode_latents(pipe.vae, td.images[idx])
    rows = td.table.to_dict('records'); perm = torch.randperm(n, generator=gen)
    sig = torch.tensor([0.2, 0.4, 0.6, 0.8, 0.9, 0.95])
    noise = torch.randn((len(sig),) + lat.shape, generator=gen)
    cont, cat = torch.from_numpy(td.continuous[idx.numpy()]), torch.from_numpy(td.categorical[idx.numpy()])
    prompts = [make_prompt(rows[i], cond.schema, 'full-text') for i in idx.tolist()]
    out = {}
    with torch.no_grad():
        for name, (pr, co, ca) in dict(right=(prompts, cont, cat), shuffled=([prompts[i] for i in perm], cont[perm], cat[perm]),
                                     uncond=([''] * n, cont, cat)).items():
            e, p = encode_batch(pipe, cond, pr, co, ca, insert_missing=True)
            ls = []
            for k, s in enumerate(sig):
                ss = s.repeat(n); t = ss * 1000
                pred = pipe.transformer(hidden_states=noisy_latents(lat, noise[k], ss), timestep=t, encoder_hidden_states=e,
                                        pooled_projections=p, return_dict=False)[0]
                ls.append(float(flow_matching_loss(pred, lat, noise[k], ss)))   # the trainer's loss (logit-normal: weight 1)
            out[name] = np.array(ls)
    res[split] = out
    print(f"{sys.argv[1]} {split}: σ {sig.tolist()}\n  right {np.round(out['right'], 4).tolist()} mean {out['right'].mean():.4f}\n"
          f"  shuffled − right {np.round(out['shuffled'] - out['right'], 4).tolist()} mean {(out['shuffled'] - out['right']).mean():.4f}\n"
          f"  uncond − right {np.round(out['uncond'] - out['right'], 4).tolist()} mean {(out['uncond'] - out['right']).mean():.4f}", flush=True)
