"""Remove the ``xfail`` mark from spec lines that now pass (strict XPASS): run after fixing a known gap.

usage: python scripts/clear_xpass.py     (runs tests/test_specs.py and edits tests/specs/*.jsonl in place)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_specs.py"],
                         capture_output=True, text=True, cwd=ROOT).stdout
    fixed: dict[str, list[int]] = {}
    for name, line in re.findall(r"test_\w+\[(\w+):(\d+)\] - \[XPASS\(strict\)\]", out):
        fixed.setdefault(name, []).append(int(line))
    for name, lines in fixed.items():
        path = ROOT / "tests" / "specs" / f"{name}.jsonl"
        rows = path.read_text(encoding="utf-8").splitlines()
        for n in lines:
            case = json.loads(rows[n - 1])
            case.pop("xfail", None)
            rows[n - 1] = json.dumps(case, ensure_ascii=False)
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{name}: cleared {len(lines)} xfail marks")


if __name__ == "__main__":
    main()
