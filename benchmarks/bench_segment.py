"""Segmentation benchmark (issue 6): k-fold VGG U-Net + ECA on the embedded synthetic labelled set.

    python benchmarks/bench_segment.py --preset extras --threads 1 --out runs/segment_cpu
    python benchmarks/bench_segment.py --preset quick --out runs/segment_tiny
    python benchmarks/bench_segment.py --preset quick --loss dice --out runs/segment_losses/dice   # Table 4 rows
    python benchmarks/bench_segment.py --preset quick --no-eca --out runs/segment_tiny_noeca      # ECA ablation
    python benchmarks/bench_segment.py --preset cpu --out runs/segment_run_cpu   # what `microlit run --preset cpu` trains

--preset takes a segmenter recipe of microlit.presets.SEGMENTERS (quick, extras, paper: until 2026-12-01 the
segmenter's own tiny, cpu and paper presets) or a preset of microlit.presets (its segmenter).

Prints the per-fold log, Table 3/4-style and Table 5-style results (mean ± std over folds), the encoder
initialisation actually used and the wall time; everything is also in OUT/results.json and OUT/train.log.
"""
import argparse, platform, time

import torch


def main():
    from microlit.segment import train_segmenter, results_table, per_class_table, LOSSES
    from microlit.presets import PRESETS, SEGMENTERS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--preset', default='extras', choices=[*SEGMENTERS, *PRESETS])
    ap.add_argument('--out', default=None)
    ap.add_argument('--data', default=None, help='corpus folder or UHCS segmentation set (default: render the synthetic one)')
    ap.add_argument('--loss', default=None, help=f"one of {', '.join(LOSSES)} or a sum such as ce+jaccard (default: the preset's)")
    ap.add_argument('--steps', type=int, default=None, help='training steps per fold (default: the preset\'s)')
    ap.add_argument('--pretrain-steps', type=int, default=None, help='shared pre-training steps on the extras (default: the preset\'s)')
    ap.add_argument('--folds', type=int, default=None, help='run only the first N folds')
    ap.add_argument('--no-eca', action='store_true')
    ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    t0 = time.perf_counter()
    more = {} if a.pretrain_steps is None else dict(pretrain_steps=a.pretrain_steps)
    r = train_segmenter(a.data, a.out or f'runs/segment_{a.preset}', preset=a.preset, loss=a.loss, folds=a.folds,
                        seed=a.seed, eca=not a.no_eca, steps=a.steps, progress=False, **more)['results']
    print(f"\n{platform.machine()}, {torch.get_num_threads()} torch threads, device {r['device']}, "
          f"encoder init {r['init']}, {(time.perf_counter() - t0) / 60:.1f} min")
    print(results_table(r).to_string(index=False))
    print(per_class_table(r).to_string(index=False))


if __name__ == '__main__':
    main()
