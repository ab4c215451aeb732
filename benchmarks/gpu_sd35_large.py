"""SD3.5-Large LoRA training and sampling at paper scale through microlit's own trainer, with random-init weights.

No download is needed: every component is built from the published configs in data/configs/sd3.5-large, directly
in bf16 on the GPU (tokenizers: the offline CLIP BPE and a small T5 vocabulary, whose ids are valid for T5-XXL).
Then the *trainer's* code runs: `microlit.train.prepare_training` (LoRA r=256 on the MM-DiT attention and both
CLIP encoders in float32 over bf16 base weights, parameter encoders, AdamW groups, latent and T5 caches) and
`microlit.train._fit` (the training step), at 512² and batch 6 (paper Table B1):
  - cached latents / T5 states (VAE encode and T5 not in the step; T5 moved off the GPU), with and without
    gradient checkpointing;
  - uncached: VAE encode and T5-XXL on the GPU in every step, gradient checkpointing on;
  - sampling with `microlit.generate.generate` at 50 steps, CFG 2 (s/image).
Goal (issue 5): peak ≤ 40 GB for training.

    python benchmarks/gpu_sd35_large.py [--batch 6] [--resolution 512] [--rank 256] [--steps 3] [--json FILE]
    python benchmarks/gpu_sd35_large.py --model sd3.5-medium  # the Medium preset (rank 128, batch 12 in Table B1)
    python benchmarks/gpu_sd35_large.py --tiny --steps 2      # the same code path on the tiny SD3, on any machine
    torchrun --nproc_per_node 8 benchmarks/gpu_sd35_large.py --fsdp   # sharded over 8 GPUs: memory per GPU

Without a GPU (and without --tiny) it prints the meta-device memory plan (weights, adapters, gradients, AdamW state).
"""
import argparse, json, os, tempfile, time
from pathlib import Path

import torch

from microlit.sd3 import configs_dir, param_table

GB = 2 ** 30


def memory_plan(rank):
    "Bytes of weights (bf16), LoRA weights + grads (fp32) and AdamW moments (fp32), from the meta-device table."
    t = param_table('sd3.5-large', rank=rank).set_index('component')
    resident = t.loc[['MM-DiT', 'CLIP-L/14', 'CLIP-G/14'], 'base_M'].sum() * 1e6 * 2
    cached = t.loc[['T5-XXL', 'VAE'], 'base_M'].sum() * 1e6 * 2
    trainable = t.loc['Overall', 'trainable_M'] * 1e6
    return dict(mmdit_clip_weights_bf16_GB=resident / GB, t5_vae_weights_bf16_GB=cached / GB,
                trainable_fp32_GB=trainable * 4 / GB, grads_fp32_GB=trainable * 4 / GB,
                adamw_state_fp32_GB=trainable * 8 / GB,
                static_with_cached_latents_T5_GB=(resident + trainable * 16) / GB,
                static_all_resident_GB=(resident + cached + trainable * 16) / GB)


def random_sd3(folder, device, dtype):
    "A StableDiffusion3Pipeline with random-init weights built from the configs in `folder`, on `device` in `dtype`."
    from diffusers import StableDiffusion3Pipeline
    from microlit.sd3 import clip_bpe_tokenizer, tiny_t5_tokenizer, config_component
    parts = {}
    for sub in ('transformer', 'vae', 'text_encoder', 'text_encoder_2', 'text_encoder_3'):
        torch.manual_seed(0)  # float32 init on the device, then cast: one component at a time, so the peak stays small
        parts[sub] = config_component(folder, sub, device).to(dtype).eval()
    return StableDiffusion3Pipeline(scheduler=config_component(folder, 'scheduler'), tokenizer=clip_bpe_tokenizer(),
                                    tokenizer_2=clip_bpe_tokenizer(), tokenizer_3=tiny_t5_tokenizer(), **parts)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--batch', type=int, default=6)
    p.add_argument('--resolution', type=int, default=512)
    p.add_argument('--rank', type=int, default=256)
    p.add_argument('--steps', type=int, default=3, help='timed training steps per case (after one warm-up step)')
    p.add_argument('--sample-steps', type=int, default=50)
    p.add_argument('--model', default='sd3.5-large', choices=['sd3.5-large', 'sd3.5-medium'], help='preset and configs')
    p.add_argument('--configs', default=None, help='a folder of model configs instead of data/configs/MODEL')
    p.add_argument('--tiny', action='store_true', help='the tiny offline SD3 instead (a dry run of the code, any device)')
    p.add_argument('--json', default=None, help='also write the results to this file')
    p.add_argument('--fsdp', action='store_true', help='shard the MM-DiT over the processes (run under torchrun)')
    a = p.parse_args()
    cuda = torch.cuda.is_available()
    if not cuda and not a.tiny and not a.configs:
        plan = memory_plan(a.rank)
        print('no GPU: meta-device memory plan for SD3.5-Large LoRA r=%d (activations not included)' % a.rank)
        for k, v in plan.items(): print(f'  {k:34s} {v:7.1f}')
        print(json.dumps(dict(device='cpu', **plan)))
        return

    from accelerate import Accelerator
    from microlit.sd3 import load_sd3, build_tiny_sd3
    from microlit.generate import Generator, generate
    from microlit.synth import make_corpus
    from microlit.train import load_train_data, prepare_training, train_config, weight_dtype, _fit
    tmp = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    cfg = (train_config('tiny', batch_size=a.batch, resolution=min(a.resolution, 64), rank=min(a.rank, 8),
                        mixed_precision='bf16' if cuda else 'no', crops=0, prompt_type='full-text') if a.tiny else
           train_config(a.model, batch_size=a.batch, resolution=a.resolution, rank=a.rank, alpha=a.rank))
    acc = Accelerator(mixed_precision=cfg.mixed_precision, cpu=not cuda)  # under torchrun: one process per GPU
    dev = acc.device
    if a.tiny:  # built once, by the first process (transformers saves from the main process only)
        from accelerate.utils import broadcast_object_list
        shared = Path(broadcast_object_list([str(tmp)])[0]) if acc.num_processes > 1 else tmp
        if acc.is_main_process: build_tiny_sd3(shared / 'tiny', sample_size=cfg.resolution // 2)
        acc.wait_for_everyone()
        pipe = load_sd3(shared / 'tiny', weight_dtype(cfg.mixed_precision))
    else:
        pipe = random_sd3(a.configs or configs_dir() / a.model, dev, weight_dtype(cfg.mixed_precision))
    corpus = make_corpus(tmp / 'corpus', scale=0.03, progress=False)
    td = load_train_data(corpus, cfg.resolution, progress=False)
    built_s = time.perf_counter() - t0
    su = prepare_training(pipe, cfg, td, dev, progress=False, shard=a.fsdp)
    import diffusers, peft, transformers
    info = dict(device=torch.cuda.get_device_name() if cuda else 'cpu',
                versions=dict(torch=torch.__version__, diffusers=diffusers.__version__, transformers=transformers.__version__,
                              peft=peft.__version__), model='tiny' if a.tiny else a.configs or a.model,
                batch=cfg.batch_size, resolution=cfg.resolution, rank=cfg.rank, build_s=round(built_s, 1),
                trainable_M=round(sum(v.numel() for v in su.trainable.values()) / 1e6, 1),
                frozen_dtype=str(pipe.transformer.dtype), t5_cached_prompts=len(su.t5_cache or []),
                t5_on=str(pipe.text_encoder_3.device), processes=acc.num_processes, fsdp=a.fsdp)
    say = print if acc.is_main_process else (lambda *x, **k: None)  # memory and times are the first process's
    say(json.dumps(info), flush=True)
    results = []

    def sync():
        if cuda: torch.cuda.synchronize()

    def case(label, cache, t5_cache):
        if cuda: torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats()
        static = torch.cuda.memory_allocated() / GB if cuda else float('nan')
        stamps = []
        def on_step(s, losses): sync(); stamps.append(time.perf_counter())
        try:
            losses = _fit(pipe, su.cond, td, cfg, su.optimizer, su.lr_scheduler, a.steps + 1, 0,
                          torch.Generator().manual_seed(0), acc, cache, t5_cache, None, on_step, progress=False)
        except torch.OutOfMemoryError:
            r = dict(case=label, result='OOM')
        else:
            r = dict(case=label, s_per_step=round((stamps[-1] - stamps[0]) / a.steps, 3),
                     images_per_s=round(cfg.batch_size * a.steps / (stamps[-1] - stamps[0]), 2),
                     static_GB=round(static, 1), peak_GB=round(torch.cuda.max_memory_allocated() / GB, 1) if cuda else None,
                     peak_reserved_GB=round(torch.cuda.max_memory_reserved() / GB, 1) if cuda else None,
                     loss=round(losses[-1], 4))
        say(json.dumps(r), flush=True); results.append(r)

    case('train: cached latents + T5, grad checkpointing', su.cache, su.t5_cache)
    pipe.transformer.disable_gradient_checkpointing()
    case('train: cached latents + T5, no grad checkpointing', su.cache, su.t5_cache)
    pipe.transformer.enable_gradient_checkpointing()
    pipe.text_encoder_3.to(dev)
    case('train: VAE + T5 in every step, grad checkpointing', None, None)

    su.optimizer.zero_grad(set_to_none=True)
    su.optimizer.state.clear()
    if cuda: torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats()
    g = Generator(pipe, su.cond, dict(sample_steps=a.sample_steps, guidance_scale=cfg.guidance_scale, resolution=cfg.resolution), None)
    pipe.set_progress_bar_config(disable=True)
    c = dict(temp=970, time=180, mag=1964, cool='Q', micro='spheroidite')
    generate(g, c, n=1, steps=2)  # warm-up
    for n in (1, 4):
        sync(); t = time.perf_counter()
        ims = generate(g, c, n=n, seed=0)
        sync(); dt = time.perf_counter() - t
        r = dict(case=f'sampling: {a.sample_steps} steps, CFG {cfg.guidance_scale}, {n} image(s) per call', s_per_image=round(dt / n, 2),
                 peak_GB=round(torch.cuda.max_memory_allocated() / GB, 1) if cuda else None, shape=list(ims.shape))
        say(json.dumps(r), flush=True); results.append(r)
    out = dict(info, results=results, total_s=round(time.perf_counter() - t0, 1))
    say(json.dumps(out))
    if a.json and acc.is_main_process: Path(a.json).write_text(json.dumps(out, indent=1))


if __name__ == '__main__':
    main()
