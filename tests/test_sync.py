"The package is generated from the notebooks: fail when `nbdev_export` or `nbdev_clean` would change anything."
import filecmp, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _copy_tree(dst):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for f in filter(None, files):
        src = ROOT / f
        if src.is_file():
            (dst / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / f)


def _changed(tmp, pattern):
    return [str(p.relative_to(ROOT)) for p in sorted(ROOT.glob(pattern))
            if not (tmp / p.relative_to(ROOT)).exists() or not filecmp.cmp(p, tmp / p.relative_to(ROOT), shallow=False)]


def test_export_and_clean_change_nothing(tmp_path):
    _copy_tree(tmp_path)
    for cmd in ("nbdev_export", "nbdev_clean"):
        r = subprocess.run([str(BIN / cmd)], cwd=tmp_path, capture_output=True, text=True)
        assert r.returncode == 0, f"{cmd} failed:\n{r.stderr}"
    py = _changed(tmp_path, "microlit/*.py")
    nbs = _changed(tmp_path, "nbs/*.ipynb")
    assert not py, f"microlit/ out of sync with nbs/ (run nbdev_export): {py}"
    assert not nbs, f"notebooks not clean (run nbdev_clean): {nbs}"
    extra = sorted(p.name for p in (tmp_path / "microlit").glob("*.py") if not (ROOT / "microlit" / p.name).exists())
    assert not extra, f"nbdev_export makes modules that are not committed: {extra}"
