"""Which optimiser for `microlit.inverse`: Optuna's TPE, GP and random samplers on the law itself (a descriptor-level
stub, so the answer is known and an evaluation costs nothing), held-out targets, the same budget of evaluated points.
Prints, per sampler, the median error of the best point in °C and decades of time and the sampler's own seconds per
proposal. Usage: python benchmarks/bench_inverse_samplers.py [points per study, default 24]"""
import math, sys, tempfile, time
from pathlib import Path

import pandas as pd
import torch

from microlit.inverse import SAMPLERS, heldout_targets, inverse_search, law_descriptors
from microlit.data import UHCS_SCHEMA

torch.set_num_threads(1)


class LawDescriptors:
    "The law's descriptors at a condition: no images, no noise."
    schema, seeds, seed = UHCS_SCHEMA, 1, 0
    def __call__(self, c): return law_descriptors(c), None


def main(points=24, seeds=(0, 1, 2)):
    tmp, rows = Path(tempfile.mkdtemp()), []
    for (T, t), q in heldout_targets():
        for smp in SAMPLERS:
            for s in seeds:
                t0 = time.perf_counter()
                r = inverse_search(LawDescriptors(), q, tmp / f'{smp}_{T:g}_{t:g}_{s}', budget=points, sampler=smp, seed=s,
                                   progress=False).iloc[0]
                rows.append(dict(sampler=smp, T=T, t=t, seed=s, dT=abs(r.temp - T), dlogt=abs(math.log10(r.time / t)),
                                 mismatch=r.mismatch, s_per_point=(time.perf_counter() - t0) / points))
    d = pd.DataFrame(rows)
    print(f"{len(heldout_targets())} held-out targets × {len(seeds)} seeds, {points} evaluated points per study")
    print(d.groupby('sampler')[['dT', 'dlogt', 'mismatch', 's_per_point']].median().round(4).to_string())
    print('share of studies within 25 °C and 0.3 decades:')
    print(d.assign(ok=(d.dT <= 25) & (d.dlogt <= 0.3)).groupby('sampler').ok.mean().round(3).to_string())


if __name__ == '__main__': main(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
