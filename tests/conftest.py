import os, shutil, tempfile
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
_BASE = tempfile.gettempdir()


@pytest.fixture(autouse=True)
def _private_tmpdir(monkeypatch):
    """Each test writes its temporary files (notebook cells' `mkdtemp`, subprocesses' TMPDIR) in a folder of its own,
    removed when the test ends: a full suite otherwise leaves several GB in /tmp, run after run."""
    d = tempfile.mkdtemp(prefix="microlit-test-", dir=_BASE)
    monkeypatch.setenv("TMPDIR", d)
    monkeypatch.setattr(tempfile, "tempdir", d)
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)
