"Run every notebook's tests (nbdev's runner, minus cells flagged `notest slow gpu`), one pytest case each."
from pathlib import Path

import pytest
import nbdev.test as nbtest  # not `from nbdev.test import test_nb`: pytest would collect it
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT / "nbs").glob("*.ipynb") if not p.name.startswith("_"))


def test_notebooks_found():
    assert len(NBS) >= 3, f"expected notebooks under {ROOT/'nbs'}, found {len(NBS)}"


@pytest.mark.parametrize("nb", NBS, ids=lambda p: p.stem)
def test_notebook(nb):
    flags = get_config(path=ROOT).tst_flags.split()
    ok, secs = nbtest.test_nb(nb, skip_flags=flags, basepath=ROOT)
    assert ok, f"{nb.name}: a cell failed (traceback above)"
