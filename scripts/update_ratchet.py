"""Record the current development-corpus scores as the ratchet floor (tests/dev_ratchet.json).

usage: python scripts/update_ratchet.py [DEV.jsonl]   (default ../shared/corpora/dev.jsonl)
Run it after an improvement; tests/test_ratchet.py fails when a later change scores lower.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cn_invest_ie import Extractor  # noqa: E402
from cn_invest_ie.evaluate import Scorer, load_jsonl  # noqa: E402


def current_scores(dev: str) -> dict[str, float]:
    gold = load_jsonl(dev)
    ex = Extractor()
    pred = {d: ex.extract(g["text"], published=g.get("published"), id=d).to_dict() for d, g in gold.items()}
    report = Scorer().score(gold, pred).to_dict()
    flat: dict[str, float] = {}
    for label, s in report["mentions"].items():
        flat[f"mentions.{label}.f1"] = s["f1"]
    for label, v in report["values"].items():
        if v is not None:
            flat[f"values.{label}"] = v
    flat["events.f1"] = report["events"]["f1"]
    for attr, v in report["event_attributes"].items():
        if v is not None:
            flat[f"event_attributes.{attr}"] = v
    return flat


def main() -> None:
    dev = sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "corpora" / "dev.jsonl")
    scores = current_scores(dev)
    out = ROOT / "tests" / "dev_ratchet.json"
    out.write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
