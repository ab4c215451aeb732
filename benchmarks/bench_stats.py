"""Benchmark microlit.stats S2(r) and L(r) against porespy 3.x, side by side in one run.

    python benchmarks/bench_stats.py [--sizes 512 1024] [--repeats 5] [--threads 1]

Both sides see the same image, the same r range and (for S2) the same radial bins, and the values are checked
equal before timing. Timings are the best of `--repeats` runs, because the machine is shared; the ratio
porespy / microlit is what to compare across machines. FFT workers and numba threads are limited to `--threads`
for both libraries (porespy's `settings.ncores` and numba, scipy.fft's `workers`).
"""
import argparse, json, os, platform, sys, time

import numpy as np


def best_of(fn, repeats):
    "Best wall time of `repeats` calls (after one warm-up call), and the last result."
    out = fn()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); out = fn(); ts.append(time.perf_counter() - t)
    return min(ts), out


def porespy_lineal_path_axes(m, r_max):
    "L(r) along rows and columns from porespy's forward distance_transform_lin (tail counts), averaged."
    import porespy as ps
    H, W = m.shape
    k = np.arange(r_max + 1)
    Ls = []
    for axis, n_lines, length in ((1, H, W), (0, W, H)):
        dt = ps.filters.distance_transform_lin(m, axis=axis, mode='forward')
        counts = np.bincount(dt[m].astype(np.int64), minlength=r_max + 2)
        tail = np.cumsum(counts[::-1])[::-1]   # pixels whose run (so far) has ≥ index pixels
        Ls.append(tail[k + 1] / (n_lines * (length - k)))
    return np.mean(Ls, axis=0)


def porespy_lineal_path_distribution(m):
    "What a porespy user runs for 'lineal path': distance_transform_lin (both ways) + lineal_path_distribution."
    import porespy as ps
    return [ps.metrics.lineal_path_distribution(ps.filters.distance_transform_lin(m, axis=a, mode='both'), bins=50)
            for a in (0, 1)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', type=int, nargs='+', default=[512, 1024])
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--threads', type=int, default=1, help='FFT workers / numba threads for both libraries')
    ap.add_argument('--json', help='also write the results here')
    a = ap.parse_args(argv)

    os.environ.setdefault('NUMBA_NUM_THREADS', str(a.threads))
    import scipy.fft as sfft
    import porespy as ps
    from microlit.stats import boolean_disks, two_point_correlation, lineal_path
    ps.settings.ncores = a.threads
    ps.settings.tqdm['disable'] = True

    rows = []
    for n in a.sizes:
        img, _ = boolean_disks((n, n), R=8, rho=np.log(2) / (np.pi * 64), seed=n)
        m = ~img
        r_max = n // 2
        edges = np.concatenate([[0], np.arange(0.5, r_max + 0.6)])   # porespy bins = our rounded radii

        with sfft.set_workers(a.threads):
            t_ps, ref = best_of(lambda: ps.metrics.two_point_correlation(m, bins=edges).probability_scaled, a.repeats)
            t_ml, ours = best_of(lambda: two_point_correlation(m, r_max=r_max)[1], a.repeats)
            t_ml64, ours64 = best_of(lambda: two_point_correlation(m, r_max=r_max, dtype=np.float64)[1], a.repeats)
        err, err64 = np.abs(ours - ref).max(), np.abs(ours64 - ref).max()
        assert err < 1e-6 and err64 < 1e-12, (err, err64)
        rows.append(dict(stat='S2', size=n, r_max=r_max, porespy_s=t_ps, microlit_s=t_ml, ratio=t_ps / t_ml,
                         microlit_f64_s=t_ml64, ratio_f64=t_ps / t_ml64, max_abs_diff=float(err)))

        t_ps_l, ref_l = best_of(lambda: porespy_lineal_path_axes(m, r_max), a.repeats)
        t_ml_l, ours_l = best_of(lambda: lineal_path(m, r_max=r_max, directions=2)[1], a.repeats)
        t_ml_l4, _ = best_of(lambda: lineal_path(m, r_max=r_max, directions=4)[1], a.repeats)
        t_ps_lpd, _ = best_of(lambda: porespy_lineal_path_distribution(m), a.repeats)
        errl = np.abs(ours_l - ref_l).max()
        assert errl < 1e-12, errl
        rows.append(dict(stat='L', size=n, r_max=r_max, porespy_s=t_ps_l, microlit_s=t_ml_l, ratio=t_ps_l / t_ml_l,
                         microlit_4dir_s=t_ml_l4, porespy_lpd_s=t_ps_lpd, ratio_4dir_vs_lpd=t_ps_lpd / t_ml_l4,
                         max_abs_diff=float(errl)))

    print(f"python {platform.python_version()}, numpy {np.__version__}, porespy {ps.__version__}, "
          f"threads {a.threads}, best of {a.repeats}, {platform.processor() or platform.machine()}")
    print(f"{'stat':4} {'size':>5} {'r_max':>5} {'porespy (s)':>12} {'microlit (s)':>13} {'ratio':>7}  notes")
    for r in rows:
        if r['stat'] == 'S2':
            note = f"float64: {r['microlit_f64_s']:.4f} s (×{r['ratio_f64']:.1f}); max |Δ| {r['max_abs_diff']:.1e}"
        else:
            note = (f"2 axes, porespy = forward distance_transform_lin tail counts; 4 directions: {r['microlit_4dir_s']:.4f} s "
                    f"vs porespy DT(both)+lineal_path_distribution {r['porespy_lpd_s']:.4f} s (×{r['ratio_4dir_vs_lpd']:.1f})")
        print(f"{r['stat']:4} {r['size']:>5} {r['r_max']:>5} {r['porespy_s']:>12.4f} {r['microlit_s']:>13.4f} "
              f"{r['ratio']:>6.1f}×  {note}")
    if a.json:
        with open(a.json, 'w') as f: json.dump(rows, f, indent=1)
    return rows


if __name__ == '__main__':
    main()
