"""Where the time goes: CPU seconds per pipeline stage over the benchmark corpus.

usage: python benchmarks/stages.py [--mb 0.5]
Stages are run one after another on each document exactly as Extractor.extract does (gazetteer lookups are also
reported apart, inside the entity stage). Process CPU time, so other load on the machine matters less.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=0.5)
    args = ap.parse_args()
    from bench import build_corpus

    from cn_invest_ie import Extractor
    from cn_invest_ie.numbers.amounts import find_amounts
    from cn_invest_ie.numbers.dates import find_dates
    from cn_invest_ie.overlaps import resolve_overlaps

    docs = build_corpus(args.mb)
    ex = Extractor().warm_up()
    spent: dict[str, float] = {}

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        t = time.process_time()
        out = fn()
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - t
        return out

    for doc in docs:
        norm = timed("normalize", lambda d=doc: ex.normalize(d))
        found = timed("money+quantity", lambda n=norm: find_amounts(n.text, ex.numbers))
        found += timed("dates", lambda n=norm: find_dates(n.text, ex.date_patterns, None))
        timed("  (places alone)", lambda n=norm: ex.entities.gazetteer.find(n.text))
        found += timed("places+orgs+projects", lambda n=norm, f=found: ex.entities.find(n.text, f))
        cands = timed("overlaps", lambda f=found: resolve_overlaps(f))
        timed("events", lambda n=norm, c=cands, d=doc: ex.linker.link(n.text, c, n.offsets, d))
    total = sum(v for k, v in spent.items() if not k.startswith(" "))
    chars = sum(map(len, docs))
    for stage, secs in spent.items():
        print(f"{stage:24} {secs:7.2f} s {100 * secs / total:5.1f} %")
    print(f"{'total':24} {total:7.2f} s  {chars / total:,.0f} chars/s (CPU)")


if __name__ == "__main__":
    main()
