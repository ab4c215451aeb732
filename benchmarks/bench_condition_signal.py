"""Where the anneal shows in the pixels: how much of the spread of particle size *in pixels* (what a generator draws)
the magnification and the process law explain, alone and together, over the spheroidite micrographs of a corpus.

    python benchmarks/bench_condition_signal.py [--scale 0.2] [--corpus DIR]

Without --corpus it renders the embedded corpus at --scale (0.2 is the `tiny` preset's, 1.0 the `cpu` preset's) into
a temporary folder. Reads the corpus' truth.csv (exact particle labels); prints R² of least-squares fits of
log(mean particle diameter in px) and the Spearman ρ of the law's diameter vs the pixel diameter within each
magnification with ≥ 6 micrographs.
"""
import argparse, tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from microlit.synth import make_corpus


def r2(y, *cols):
    "R² of the least-squares fit of y on an intercept and `cols`."
    X = np.column_stack([np.ones(len(y)), *cols])
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    return 1 - ((y - X @ b) ** 2).sum() / ((y - y.mean()) ** 2).sum()


def report(truth):
    t = truth[truth.particle_count > 0]
    y, mag, law = np.log(t.mean_diameter_px.values), np.log(t.mag.values), np.log(t.law_mean_diameter_um.values)
    print(f"{len(t)} micrographs with particles, {t.mag.nunique()} magnifications")
    print(f"Spearman ρ, law diameter (µm) vs measured diameter: in µm {spearmanr(t.law_mean_diameter_um, t.mean_diameter_um).statistic:.3f}, "
          f"in px {spearmanr(t.law_mean_diameter_um, t.mean_diameter_px).statistic:.3f}")
    print(f"R² of log(diameter in px) on: log magnification {r2(y, mag):.3f}, log law diameter {r2(y, law):.3f}, "
          f"both {r2(y, mag, law):.3f}")
    print("within one magnification: Spearman ρ of law diameter vs diameter in px")
    for m, g in t.groupby('mag'):
        if len(g) >= 6 and g.law_mean_diameter_um.nunique() >= 3:
            print(f"  {m:>5}×: {len(g):3d} micrographs, law diameter {g.law_mean_diameter_um.min():.2f}–"
                  f"{g.law_mean_diameter_um.max():.2f} µm, ρ {spearmanr(g.law_mean_diameter_um, g.mean_diameter_px).statistic:.3f}")


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--scale', type=float, default=0.2)
    p.add_argument('--corpus', default=None)
    a = p.parse_args()
    if a.corpus: report(pd.read_csv(Path(a.corpus) / 'truth.csv'))
    else:
        with tempfile.TemporaryDirectory() as d:
            report(pd.read_csv(make_corpus(Path(d) / 'corpus', scale=a.scale, progress=False) / 'truth.csv'))
