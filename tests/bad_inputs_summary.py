"""The counts of the bad-input sweep (`tests/test_bad_inputs.py`): inputs, clear errors, tracebacks, silent results,
unclear errors, partial outputs; one line per case with `-v`.

    python tests/bad_inputs_summary.py [-v] [--fixtures DIR] [--only SUBSTRING]

DIR holds the sweep's fixtures (built there when absent; default: a temporary folder).
"""
import argparse, collections, os, shutil, sys, tempfile, time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_bad_inputs as T


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('-v', action='store_true', help='one line per case')
    p.add_argument('--fixtures', help='folder of the fixtures (reused when built)')
    p.add_argument('--only', help='run the cases whose id contains this')
    a = p.parse_args(argv)
    root = Path(a.fixtures or tempfile.mkdtemp(prefix='bad_inputs_'))
    t = time.perf_counter()
    env = T.env_of(root) if (root / 'done').exists() else T.build_fixtures(root)
    print(f"fixtures in {root} ({time.perf_counter() - t:.0f} s)")
    counts, partial, skipped = collections.Counter(), 0, 0
    work = Path(tempfile.mkdtemp(prefix='bad_inputs_cases_'))
    t = time.perf_counter()
    for c in T.CASES:
        if a.only and a.only not in c.id: continue
        mp, t0 = pytest.MonkeyPatch(), time.perf_counter()
        try: o = T.run_case(c, env, work / c.id, mp)
        finally: mp.undo()
        secs = time.perf_counter() - t0
        problems, kind = T.verdict(c, o, work / c.id, env)
        counts[kind] += 1
        partial += bool(o.changed)
        if a.v:
            line = o.lines[-1] if o.lines else f'(rc {o.rc}, no stderr)'
            print(f"{kind:9s} {'partial ' if o.changed else ''}{c.id:38s} {secs:5.1f} s  {line[:150]}")
            for pr in problems: print(f"{'':10s}- {pr.splitlines()[0][:160]}")
    shutil.rmtree(work, ignore_errors=True)
    if not a.fixtures: shutil.rmtree(root, ignore_errors=True)
    n = sum(counts.values())
    print(f"{n} inputs: {counts['clear']} clear errors, {counts['traceback']} tracebacks, {counts['silent']} silent results, "
          f"{counts['unclear']} unclear errors; {partial} left partial output ({time.perf_counter() - t:.0f} s)")
    return 0 if counts['clear'] == n and not partial else 1


if __name__ == '__main__': sys.exit(main())
