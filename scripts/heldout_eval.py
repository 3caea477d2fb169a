#!/usr/bin/env python3
"""Score a revision of the extractor on held-out documents of the own corpus, as they stood at that revision.

Held-out documents were annotated before the extractor was run on them, then committed on their own; scoring the
commit that added them measures the extractor as it was before anyone looked at its errors on them (an estimate
for unseen releases). Rules fixed afterwards make later scores on the same documents optimistic.

Usage:  python scripts/heldout_eval.py REV FIRST-LAST [--json]
        python scripts/heldout_eval.py 3e9a31b 34-39       # round 1 (six documents)
        python scripts/heldout_eval.py 7f69cfd 40-45       # round 2, ORG/PROJECT-heavy
        python scripts/heldout_eval.py a306a7c 46-50       # round 3, event-heavy
        python scripts/heldout_eval.py 7333fa0 51-60       # round 4 (ten documents)
        python scripts/heldout_eval.py e8fb04c 61-70       # round 5 (ten documents)
        python scripts/heldout_eval.py ca549c3 71-80       # round 6 (ten documents)
        python scripts/heldout_eval.py e80ee03 81-90       # round 7 (ten documents)
        python scripts/heldout_eval.py ed84d14 91-100      # round 8 (ten documents; doc 99's section labels fixed)
        python scripts/heldout_eval.py c92ad53 101-110     # round 9 (ten documents; code of b034fd3)
        python scripts/heldout_eval.py HEAD 34-110         # the current extractor on all of them (optimistic)

Needs git; the revision is checked out into a temporary worktree, removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def doc_number(doc_id: str) -> int:
    """``inv-34-qujing-signing`` -> 34."""
    return int(doc_id.split("-")[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="git revision whose code and corpus are scored")
    parser.add_argument("ids", help="document numbers, FIRST-LAST (e.g. 34-39)")
    parser.add_argument("--json", action="store_true", help="machine-readable report")
    args = parser.parse_args()
    first, _, last = args.ids.partition("-")
    wanted = range(int(first), int(last or first) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), args.rev], check=True)
        try:
            corpus = tree / "corpora" / "invest_corpus.jsonl"
            lines = [line for line in corpus.read_text(encoding="utf-8").splitlines()
                     if line.strip() and doc_number(json.loads(line)["id"]) in wanted]
            if not lines:
                print(f"error: no documents {args.ids} in {args.rev}", file=sys.stderr)
                return 2
            gold = Path(tmp) / "heldout.jsonl"
            gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(tree)}
            command = [sys.executable, "-m", "cn_invest_ie.cli", "eval", str(gold), *(["--json"] if args.json else [])]
            print(f"# {len(lines)} documents {args.ids} scored by revision {args.rev}", file=sys.stderr)
            return subprocess.run(command, env=env, cwd=tmp).returncode
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


if __name__ == "__main__":
    sys.exit(main())
