"""Train the run's generator with one option changed, then probe it as `probe_generator.py` does: the ablations.

    python benchmarks/ablate_generator.py CORPUS OUT [--preset cpu] [--set pooled_params=False] [--cfg 5,8] [--n 8]

CORPUS is a run's `corpus/` folder (the same training split as `microlit run`), OUT a new folder; `--set KEY=VALUE`
changes one `TrainConfig` field (repeatable), e.g. `pooled_params=False` (no direct pooled path) or
`param_tokens=False` (the placeholders carry no value). Everything else is the preset's, seed 0, one torch thread.
Prints the training minutes, then one probe line per guidance scale (T = 750 … 950 °C at 180 min, 1964×, quenched).
"""
import argparse, ast, time

import torch

from microlit.generate import Generator
from microlit.train import train

from probe_generator import probe

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('corpus'); ap.add_argument('out'); ap.add_argument('--preset', default='cpu')
    ap.add_argument('--set', action='append', default=[], help='KEY=VALUE: a TrainConfig field to change')
    ap.add_argument('--cfg', default='5,8'); ap.add_argument('--n', type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(1)
    over = {k: ast.literal_eval(v) for k, v in (s.split('=', 1) for s in a.set)}
    t0 = time.time()
    T = train(a.corpus, a.out, preset=a.preset, resume=True, **over)
    print(f"{a.preset} {over}: trained in {(time.time() - t0) / 60:.1f} min → {T.model_dir}", flush=True)
    g = Generator.from_pretrained(T.model_dir)
    for cfg in (float(x) for x in a.cfg.split(',')): probe(g, cfg, a.n)
