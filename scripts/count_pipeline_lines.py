"""Physical lines (``wc -l``) of the row pipeline's code, at issue 14's baseline and now.

The paths are those issue 14's line target names: every .py file under ``src/kashf/io`` plus
``src/kashf/dask.py``, ``src/kashf/service/app.py`` and ``src/kashf/cli/extract.py``. The
baseline is read from git (``git show REV:PATH``), "now" from the working tree.

    python scripts/count_pipeline_lines.py [--baseline ff74be6]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = (
    "src/kashf/io",
    "src/kashf/dask.py",
    "src/kashf/service/app.py",
    "src/kashf/cli/extract.py",
)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def lines_at(rev: str) -> dict[str, int]:
    names = _git("ls-tree", "-r", "--name-only", rev, "--", *PATHS).split()
    return {n: _git("show", f"{rev}:{n}").count("\n") for n in names if n.endswith(".py")}


def lines_now() -> dict[str, int]:
    files = [p for path in PATHS for p in sorted((ROOT / path).rglob("*.py"))]
    files += [ROOT / p for p in PATHS if p.endswith(".py")]
    return {str(p.relative_to(ROOT)): p.read_bytes().count(b"\n") for p in files if p.is_file()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default="ff74be6", help="the issue's baseline commit")
    args = ap.parse_args()
    before, now = lines_at(args.baseline), lines_now()
    for name in sorted(set(before) | set(now)):
        print(f"{before.get(name, 0):6d} {now.get(name, 0):6d}  {name}")
    total_before, total_now = sum(before.values()), sum(now.values())
    change = (total_now - total_before) / total_before
    target = int(total_before * 0.75)
    print(f"{total_before:6d} {total_now:6d}  total ({change:+.1%}; target -25%: <= {target})")


if __name__ == "__main__":
    main()
