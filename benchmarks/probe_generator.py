"""Does a trained generator respond to its temperature? Same-seed images along a temperature sweep, measured directly.

    python benchmarks/probe_generator.py RUN/generator/model [--cfg 2,5,8] [--n 6] [--time 180] [--mag 1964] [--steps 20,12]

For each guidance scale: `n` images per temperature (750 … 950 °C; seeds 0 … n−1, the same for every temperature),
particles from `evaluate.particle_map` without a mask; prints the mean particle diameter (px) and area fraction per
temperature, Spearman ρ of temperature vs mean diameter, η² of the per-image diameter and area fraction by temperature
(with the ANOVA p) and the mean absolute grey-level change between the 750 and 950 °C images of the same seed.

`--base`: probe the offline base the model was fine-tuned from instead — the model folder copied to a temporary one
with every LoRA up-projection set to zero (no LoRA delta) and the base's own conditioner (its `conditioner/` beside
the base, as the base build wrote it), so that the base and the DreamBooth + LoRA stage can be told apart.
"""
import argparse

import numpy as np
import pandas as pd
import torch

from microlit.evaluate import condition_effect, particle_map, spearman
from microlit.generate import generate, Generator
from microlit.synth import ProcessLaw, particle_truth

TEMPS = (750, 800, 850, 900, 950)


def probe(g, cfg, n=6, time=180, mag=1964, law=ProcessLaw(), steps=None):
    rows, ims = [], {}
    for T in TEMPS:
        c = dict(temp=T, time=time, mag=mag, cool='Q', micro=law.microconstituent(T, time, 'Q'))
        ims[T] = generate(g, c, 'full-text', n=n, seed=0, guidance_scale=cfg, steps=steps)
        for im in ims[T]:
            d = particle_truth(particle_map(im), 1.0)   # µm per px = 1: sizes in px
            rows.append(dict(temp=T, d_px=d['mean_diameter_um'], af=d['area_fraction']))
    df = pd.DataFrame(rows)
    m = df.groupby('temp').mean()
    ed, ea = condition_effect(df.d_px, df.temp), condition_effect(df.af, df.temp)
    change = float(np.abs(ims[TEMPS[0]].astype(float) - ims[TEMPS[-1]]).mean())
    print(f"CFG {cfg:g}, {steps or 'preset'} steps: d_px {m.d_px.round(2).tolist()}  area fraction {m.af.round(3).tolist()}  ρ(T, d) {spearman(m.index, m.d_px):.2f}  "
          f"η² d {ed['eta2']:.2f} (p {ed['p_value']:.3f}, chance {ed['eta2_chance']:.2f})  η² af {ea['eta2']:.2f}  "
          f"same-seed change {TEMPS[0]} ↔ {TEMPS[-1]} °C: {change:.1f} grey levels", flush=True)


def base_only(model_dir):
    "A temporary model folder that samples the offline base of `model_dir`: LoRA up-projections zeroed, the base's conditioner."
    import json, shutil, tempfile
    from pathlib import Path
    from safetensors.torch import load_file, save_file
    from microlit.generate import find_base
    base = Path(find_base(model_dir))
    if not (base / 'conditioner').is_dir(): raise SystemExit(f"{base}: no conditioner beside the base (not an offline base build)")
    tmp = Path(tempfile.mkdtemp()) / 'model'
    shutil.copytree(model_dir, tmp, ignore=shutil.ignore_patterns('checkpoint-*'))
    shutil.rmtree(tmp / 'conditioner'); shutil.copytree(base / 'conditioner', tmp / 'conditioner')
    (tmp / 'base.json').write_text(json.dumps(dict(pretrained=str(base), absolute=str(base), kind='folder')))
    w = load_file(tmp / 'pytorch_lora_weights.safetensors')
    save_file({k: v.zero_() if '.up.' in k or 'lora_B' in k else v for k, v in w.items()}, tmp / 'pytorch_lora_weights.safetensors')
    return tmp


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('model'); ap.add_argument('--cfg', default='2,5'); ap.add_argument('--n', type=int, default=6)
    ap.add_argument('--time', type=float, default=180); ap.add_argument('--mag', type=float, default=1964)
    ap.add_argument('--base', action='store_true', help='probe the offline base the model was fine-tuned from')
    ap.add_argument('--steps', default='', help='sampling steps to compare, e.g. 20,12 (default: the preset\'s)')
    a = ap.parse_args()
    torch.set_num_threads(1)
    g = Generator.from_pretrained(base_only(a.model) if a.base else a.model)
    for steps in [int(x) for x in a.steps.split(',') if x] or [None]:
        for cfg in (float(x) for x in a.cfg.split(',')): probe(g, cfg, a.n, a.time, a.mag, steps=steps)
