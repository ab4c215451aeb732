"""SD3.5-Large LoRA training and sampling at paper scale, with random-init weights (no download needed).

On a GPU: builds the MM-DiT and both CLIP encoders (and optionally T5-XXL and the VAE) from the published configs in
data/configs/sd3.5-large in bf16, attaches LoRA r=256 exactly as `microlit.train` does (MM-DiT attention + CLIP
q/k/v/out), and measures, at 512² and batch 6:
  - a training step (forward + backward + AdamW), with and without gradient checkpointing, with cached latents/T5
    (VAE and T5 not resident) and without (VAE encode + T5 encode every step);
  - sampling at 50 steps with CFG (s/image).
Goal (issue 5): peak ≤ 40 GB for training.

On a CPU it prints the meta-device memory plan (weights, adapters, gradients, AdamW state) instead.

    python benchmarks/gpu_sd35_large.py [--batch 6] [--resolution 512] [--rank 256] [--steps 3] [--no-t5]
"""
import argparse, json, time

import torch

from microlit.conditioning import (CLIP_LORA_TARGETS, TRANSFORMER_LORA_TARGETS, attach_lora, configs_dir,
                                   meta_component, param_table)

p = argparse.ArgumentParser()
p.add_argument('--batch', type=int, default=6)
p.add_argument('--resolution', type=int, default=512)
p.add_argument('--rank', type=int, default=256)
p.add_argument('--steps', type=int, default=3)
p.add_argument('--sample-steps', type=int, default=50)
p.add_argument('--no-t5', action='store_true')
a = p.parse_args()
GB = 2 ** 30


def memory_plan():
    "Bytes of weights (bf16), LoRA weights + grads (fp32) and AdamW moments (fp32), from the meta-device table."
    t = param_table('sd3.5-large', rank=a.rank).set_index('component')
    resident = t.loc[['MM-DiT', 'CLIP-L/14', 'CLIP-G/14'], 'base_M'].sum() * 1e6 * 2
    cached = t.loc[['T5-XXL', 'VAE'], 'base_M'].sum() * 1e6 * 2
    trainable = t.loc['Overall', 'trainable_M'] * 1e6
    return dict(mmdit_clip_weights_bf16_GB=resident / GB, t5_vae_weights_bf16_GB=cached / GB,
                trainable_fp32_GB=trainable * 4 / GB, grads_fp32_GB=trainable * 4 / GB,
                adamw_state_fp32_GB=trainable * 8 / GB,
                static_with_cached_latents_T5_GB=(resident + trainable * 16) / GB,
                static_all_resident_GB=(resident + cached + trainable * 16) / GB)


if not torch.cuda.is_available():
    plan = memory_plan()
    print('no GPU: meta-device memory plan for SD3.5-Large LoRA r=%d (activations not included)' % a.rank)
    for k, v in plan.items(): print(f'  {k:26s} {v:7.1f}')
    print(json.dumps(dict(device='cpu', **plan)))
    raise SystemExit(0)

from diffusers import AutoencoderKL, SD3Transformer2DModel
from transformers import CLIPTextConfig, CLIPTextModelWithProjection, T5Config, T5EncoderModel

dev, dt = torch.device('cuda'), torch.bfloat16
root = configs_dir() / 'sd3.5-large'
torch.manual_seed(0)


def build(cls, sub, **kw):
    cfg = (cls.config_class if hasattr(cls, 'config_class') else None)
    if cls is SD3Transformer2DModel or cls is AutoencoderKL:
        return cls.from_config(cls.load_config(root / sub)).to(dev, dt)
    return cls(cfg.from_json_file(root / sub / 'config.json')).to(dev, dt)


transformer = build(SD3Transformer2DModel, 'transformer')
te1, te2 = build(CLIPTextModelWithProjection, 'text_encoder'), build(CLIPTextModelWithProjection, 'text_encoder_2')
attach_lora(transformer, TRANSFORMER_LORA_TARGETS, a.rank)
for te in (te1, te2): attach_lora(te, CLIP_LORA_TARGETS, a.rank)
for m in (transformer, te1, te2):
    for n, prm in m.named_parameters():
        if prm.requires_grad: prm.data = prm.data.float()  # adapters train in fp32, base weights stay bf16
params = [q for m in (transformer, te1, te2) for q in m.parameters() if q.requires_grad]
opt = torch.optim.AdamW(params, lr=8e-5)
lat = a.resolution // 8
B = a.batch


def encode_clip(ids):
    o1 = te1(ids, output_hidden_states=True); o2 = te2(ids, output_hidden_states=True)
    h = torch.cat([o1.hidden_states[-2], o2.hidden_states[-2]], -1)
    return h, torch.cat([o1.text_embeds, o2.text_embeds], -1)


def step(vae=None, t5=None):
    ids = torch.randint(0, 49407, (B, 77), device=dev)
    with torch.autocast('cuda', dtype=dt):
        if vae is not None:
            with torch.no_grad(): x0 = vae.encode(torch.randn(B, 3, a.resolution, a.resolution, device=dev, dtype=dt)).latent_dist.mean
        else: x0 = torch.randn(B, 16, lat, lat, device=dev, dtype=dt)
        h, pooled = encode_clip(ids)
        h = torch.nn.functional.pad(h, (0, 4096 - h.shape[-1]))
        if t5 is not None:
            with torch.no_grad(): ht5 = t5(torch.randint(0, 32000, (B, 77), device=dev)).last_hidden_state
        else: ht5 = torch.randn(B, 77, 4096, device=dev, dtype=dt)
        ctx = torch.cat([h, ht5], 1)
        s = torch.rand(B, device=dev, dtype=dt).view(-1, 1, 1, 1)
        noise = torch.randn_like(x0)
        pred = transformer(hidden_states=(1 - s) * x0 + s * noise, timestep=s.flatten() * 1000,
                           encoder_hidden_states=ctx, pooled_projections=pooled, return_dict=False)[0]
        loss = ((pred.float() - (noise - x0).float()) ** 2).mean()
    loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)


def timed(label, fn, n):
    torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    fn()  # warm-up
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize()
    r = dict(case=label, s_per_step=(time.perf_counter() - t) / n, peak_GB=torch.cuda.max_memory_allocated() / GB)
    print(json.dumps(r), flush=True)
    return r


results = []
for ckpt in (True, False):
    if ckpt: transformer.enable_gradient_checkpointing()
    else: transformer.disable_gradient_checkpointing()
    try: results.append(timed(f'train cached latents/T5, grad ckpt={ckpt}', step, a.steps))
    except torch.OutOfMemoryError: print(json.dumps(dict(case=f'train cached, grad ckpt={ckpt}', result='OOM'))); torch.cuda.empty_cache()
transformer.enable_gradient_checkpointing()
vae = build(AutoencoderKL, 'vae')
t5 = None if a.no_t5 else T5EncoderModel(T5Config.from_json_file(root / 'text_encoder_3' / 'config.json')).to(dev, dt)
try: results.append(timed('train with VAE + T5 resident, encoded every step, grad ckpt=True', lambda: step(vae, t5), a.steps))
except torch.OutOfMemoryError: print(json.dumps(dict(case='train uncached', result='OOM')))
del opt
torch.cuda.empty_cache()


@torch.no_grad()
def sample():
    x = torch.randn(1, 16, lat, lat, device=dev, dtype=dt)
    ctx = torch.randn(2, 154, 4096, device=dev, dtype=dt); pooled = torch.randn(2, 2048, device=dev, dtype=dt)
    for i in range(a.sample_steps):
        t = torch.full((2,), 1000 * (1 - i / a.sample_steps), device=dev, dtype=dt)
        v = transformer(hidden_states=x.repeat(2, 1, 1, 1), timestep=t, encoder_hidden_states=ctx,
                        pooled_projections=pooled, return_dict=False)[0]
        x = x - (1 / a.sample_steps) * (v[1:] + 2.0 * (v[:1] - v[1:]))
    return vae.decode(x).sample


results.append(timed(f'sampling, {a.sample_steps} steps, CFG (s/image)', sample, 2))
print(json.dumps(dict(device=torch.cuda.get_device_name(), batch=B, resolution=a.resolution, rank=a.rank, results=results)))
