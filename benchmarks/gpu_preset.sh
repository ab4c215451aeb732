#!/usr/bin/env bash
# `microlit run --preset gpu` on one lent GPU machine, measured once (issue 14: "the same benchmark at a larger scale
# ... as a `gpu` preset, ≤ 8 min on the device").
#
# The device image (Python 3.12, torch, transformers, peft, accelerate, timm, scikit-image, ...) lacks diffusers,
# segmentation-models-pytorch, open_clip_torch and fastcore, and cannot reach PyPI. So, in two steps:
#
#   here, once (downloads the wheels into .whl/, git-ignored):
#       bash benchmarks/gpu_preset.sh fetch
#   on the device (the `run` tool, carry [".whl"], timeout 600 s):
#       bash benchmarks/gpu_preset.sh run
#
# `run` installs the wheels into /tmp/site, runs the whole study into /tmp/run with PYTHONUNBUFFERED, and copies what
# the notes need into $OUT (at most 8 files come back): the log, run.json (stage times), goals.csv,
# controllability.csv, conditions.csv (the evaluation table), report.md and the sweep figure.
set -uo pipefail
cd "$(dirname "$0")/.."
WHEELS="diffusers==0.42.1 segmentation-models-pytorch==0.6.0 open-clip-torch==3.3.0 ftfy==6.3.1 wcwidth==0.2.13
        fastcore==1.14.5 importlib-metadata==8.7.0"
case "${1:-}" in
  fetch)
    grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo /.whl/ >> .git/info/exclude
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
        --platform any -d .whl $WHEELS
    du -sh .whl ;;
  run)
    : "${OUT:?run this on the device machine, where OUT is set}"
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit
    export PYTHONPATH="$PWD:/tmp/site" PYTHONUNBUFFERED=1
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/log.txt"
    start=$(date +%s)
    timeout 560 python3 -c 'from microlit.cli import main; main()' run --preset gpu --out /tmp/run 2>&1 \
        | tr '\r' '\n' | grep -v -E '^\s*$|it/s\]$|s/it\]$' >> "$OUT/log.txt"
    echo "wall $(( $(date +%s) - start )) s" | tee -a "$OUT/log.txt"
    for f in run.json report.md evaluation/goals.csv evaluation/controllability.csv evaluation/conditions.csv \
             figures/sweep.png; do [ -f "/tmp/run/$f" ] && cp "/tmp/run/$f" "$OUT/"; done
    tail -40 "$OUT/log.txt" ;;
  *) echo "usage: bash benchmarks/gpu_preset.sh fetch | run" >&2; exit 2 ;;
esac
