"""Instructions per character of extraction, counted by valgrind (callgrind): repeatable on a loaded machine.

usage: python benchmarks/instructions.py [--mb 0.05] [--root PATH]

Two runs of a fresh interpreter under ``valgrind --tool=callgrind`` over the benchmark corpus of ``bench.py``: one
that builds every lazy resource and extracts a small warm-up corpus (so that first-use work is paid), one that then
also extracts ``--mb`` MB; the difference divided by the characters extracted is the steady cost of extraction. ``--root`` measures another checkout of the package (for a
before/after comparison of two revisions, e.g. a ``git worktree``). Needs valgrind; takes about two minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import sys
sys.path.insert(0, {root!r})
sys.path.insert(1, {bench!r})
import cn_invest_ie
assert cn_invest_ie.__file__.startswith({root!r}), cn_invest_ie.__file__
from bench import build_corpus
docs = build_corpus({mb}, seed=11)
ex = cn_invest_ie.Extractor().warm_up()
for d in build_corpus(0.02, seed=3):  # first-use work (patterns compiled on first use, caches) left out
    ex.extract(d)
for d in (docs if {extract} else []):
    ex.extract(d)
print(sum(map(len, docs)))
"""


def collected(root: Path, mb: float, extract: bool) -> tuple[int, int]:
    """(instructions of the whole run, characters of the corpus)."""
    code = _CHILD.format(root=str(root), bench=str(ROOT / "benchmarks"), mb=mb, extract=extract)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    m = re.search(r"Collected : ([0-9,]+)", out.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", "")), int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=0.05, help="corpus size in MB of UTF-8 (default 0.05)")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose package is measured (default: this one)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (Debian package valgrind)")
    base, _ = collected(args.root.resolve(), args.mb, extract=False)
    total, chars = collected(args.root.resolve(), args.mb, extract=True)
    print(f"{'corpus_chars':40} {chars}")
    print(f"{'instructions_per_char':40} {round((total - base) / chars)}")


if __name__ == "__main__":
    main()
