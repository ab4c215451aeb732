"""Where the anneal shows in the pixels: how much of the spread of particle size *in pixels* (what a generator draws)
the magnification and the process law explain, alone and together, over the spheroidite micrographs of a corpus —
and how the corpus frames them (magnification shares, corr(log M, log d)) beside the real UHCS habit.

    python benchmarks/bench_condition_signal.py [--scale 0.2] [--corpus DIR] [--n-jobs 1] [--plan-only]

Without --corpus it renders the embedded corpus at --scale (0.2 is the `tiny` preset's, 1.0 the `cpu` preset's) into
a temporary folder. Reads the corpus' truth.csv (exact particle labels); prints the magnification shares among the
spheroidite-family micrographs and corr(log magnification, log mean diameter) beside the real values
(`synth.REAL_MAG_SHARES`, `synth.REAL_MAG_SIZE_CORR`), R² of least-squares fits of log(mean particle diameter in px)
and the Spearman ρ of the law's diameter vs the pixel diameter within each magnification with ≥ 6 micrographs.
--plan-only skips the rendering: the habit from `plan_corpus` alone, and the R² with the law's diameter in px
(law d × M / 190.6) standing in for the measured one.
"""
import argparse, tempfile, time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from microlit.synth import (ProcessLaw, REAL_MAG_SHARES, REAL_MAG_SIZE_CORR, SPHEROIDITE_FAMILY, magnification_habit,
                            make_corpus, plan_corpus)


def r2(y, *cols):
    "R² of the least-squares fit of y on an intercept and `cols`."
    X = np.column_stack([np.ones(len(y)), *cols])
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    return 1 - ((y - X @ b) ** 2).sum() / ((y - y.mean()) ** 2).sum()


def habit(rows, measured=None):
    "Print the magnification shares among the spheroidite-family rows and corr(log M, log d) beside the real UHCS."
    shares, corr = magnification_habit(rows)
    named = '  '.join(f"{m}× {100 * shares.get(m, 0):.1f} ({100 * s:.0f})" for m, s in REAL_MAG_SHARES.items())
    print(f"magnification shares among spheroidite micrographs, % (real in brackets): {named}  "
          f"other {100 * (1 - sum(shares.get(m, 0) for m in REAL_MAG_SHARES)):.1f} ({100 * (1 - sum(REAL_MAG_SHARES.values())):.0f})")
    extra = (f", with the measured mean diameter (µm) {np.corrcoef(np.log(measured.mag), np.log(measured.mean_diameter_um))[0, 1]:.3f}"
             if measured is not None else '')
    print(f"corr(log M, log law mean diameter) {corr:.3f} (real {REAL_MAG_SIZE_CORR}){extra}")


def report(truth):
    t = truth[truth.particle_count > 0]
    habit(truth, t)
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


def report_plan(plan, law=ProcessLaw()):
    "The habit of a plan, and the R² with the law's diameter in px (no rendering)."
    habit(plan)
    micro = np.array([law.microconstituent(*r) for r in zip(plan.hidden_T, plan.hidden_t_min, plan.hidden_cool)])
    p = plan[np.isin(micro, SPHEROIDITE_FAMILY)]
    d = law.mean_diameter_um(p.hidden_T.to_numpy(float), p.hidden_t_min.to_numpy(float))
    mag, ld = np.log(p.mag.to_numpy(float)), np.log(d)
    y = ld + mag - np.log(law.um_per_px_at_1x)
    print(f"{len(p)} spheroidite-family micrographs; R² of log(law diameter in px) on: log magnification "
          f"{r2(y, mag):.3f}, log law diameter {r2(y, ld):.3f}, both {r2(y, mag, ld):.3f}")


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--scale', type=float, default=0.2)
    p.add_argument('--corpus', default=None)
    p.add_argument('--n-jobs', type=int, default=1)
    p.add_argument('--plan-only', action='store_true')
    a = p.parse_args()
    t0 = time.perf_counter()
    if a.corpus: report(pd.read_csv(Path(a.corpus) / 'truth.csv'))
    elif a.plan_only: report_plan(plan_corpus(a.scale))
    else:
        with tempfile.TemporaryDirectory() as d:
            report(pd.read_csv(make_corpus(Path(d) / 'corpus', scale=a.scale, n_jobs=a.n_jobs, progress=False) / 'truth.csv'))
    print(f"({time.perf_counter() - t0:.0f} s)")
