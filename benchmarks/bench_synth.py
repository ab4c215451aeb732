"""Time the full embedded corpus (961 micrographs, 645×481) on this machine: target ≤ 60 s on 2 cores.

    python benchmarks/bench_synth.py [--scale 1.0] [--jobs N]
"""
import argparse, os, tempfile, time
from pathlib import Path

from microlit.synth import make_corpus

p = argparse.ArgumentParser()
p.add_argument('--scale', type=float, default=1.0)
p.add_argument('--jobs', type=int, default=None)
a = p.parse_args()
with tempfile.TemporaryDirectory() as d:
    t = time.perf_counter()
    out = make_corpus(Path(d) / 'corpus', scale=a.scale, n_jobs=a.jobs, progress=False)
    dt = time.perf_counter() - t
    n = len(list((out / 'micrographs').glob('*.png')))
    size = sum(f.stat().st_size for f in out.rglob('*') if f.is_file()) / 2 ** 20
print(f"{n} micrographs in {dt:.1f} s on {a.jobs or os.cpu_count()} processes "
      f"({dt / n * 1000:.0f} ms/image, {size:.0f} MiB on disk)")
