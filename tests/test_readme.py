"""README.md is rendered from nbs/index.ipynb (quarto, which nbdev_readme needs, is not installable here).

Regenerate with `python tests/test_readme.py`; the test fails when the two drift apart.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render_readme():
    nb = json.loads((ROOT / "nbs" / "index.ipynb").read_text())
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"]).strip()
        if not src or src.startswith("#| hide"): continue
        parts.append(src if c["cell_type"] == "markdown" else f"```python\n{src}\n```")
    md = "\n\n".join(parts) + "\n"
    return re.sub(r"\]\(\.\./", "](", md)  # paths relative to the repository root


def test_readme_in_sync():
    assert (ROOT / "README.md").read_text() == render_readme(), "README.md is stale: run `python tests/test_readme.py`"


def test_readme_has_the_two_commands():
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    blocks = re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text(), re.S)
    assert len(blocks) == 2, blocks
    assert blocks[1] == ci, f"README test command {blocks[1]!r} differs from .ci/run {ci!r}"
    assert blocks[0].endswith("microlit run")


if __name__ == "__main__":
    (ROOT / "README.md").write_text(render_readme())
    print("wrote", ROOT / "README.md")
