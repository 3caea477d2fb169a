"""Throughput, start-up, memory and scaling of cn_invest_ie, as ratios against baselines run in the same process.

usage: python benchmarks/bench.py [--mb 2] [--repeat 3] [--json]

The corpus is built from the project's own documents (corpora/invest_corpus.jsonl), each copy varied (numbers and
place order changed) so that no cache can help. Reported, median of --repeat runs:
- characters per second of Extractor.extract (mentions and events) on one core, and its ratio to jieba.lcut on
  the same text (jieba's own dictionary build excluded from its timing);
- first call (a fresh process: import, every lazy load, one extraction; bytecode cached as after an install);
- peak resident memory of a fresh process that extracts the whole corpus (ru_maxrss), and of this process, which
  also holds the baselines;
- scaling: time of one 10x longer document over 10x the time of the base document;
- the same throughput for peers on their slice of the job where installed (JioNLP extract_money, Recognizers-Text
  currency recognition).
Machines are shared and noisy: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Documents totalling about ``megabytes`` MB of UTF-8, varied copies of the project's corpus."""
    base = [json.loads(line)["text"] for line in (ROOT / "corpora" / "invest_corpus.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    target = megabytes * 1_000_000
    while size < target:
        text = rng.choice(base)
        text = re.sub(r"[0-9]+", lambda m: str(int(m.group(0)) + rng.randint(1, 97)), text)
        paras = text.split("\n")
        rng.shuffle(paras)
        doc = "\n".join(paras)
        out.append(doc)
        size += len(doc.encode("utf-8"))
    return out


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def first_call_seconds() -> float:
    code = (
        "import time; t0 = time.perf_counter()\n"
        "from cn_invest_ie import extract\n"
        "from cn_invest_ie.api import _WARM_UP_TEXT\n"  # a release that reaches every stage: every lazy load
        "extract(_WARM_UP_TEXT, published='2021-12-24')\n"
        "print(time.perf_counter() - t0)\n"
    )
    # as on a user's machine: bytecode may be cached (some CI shells set PYTHONDONTWRITEBYTECODE, which would add
    # the compilation of every module to each start); one untimed run writes the cache
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 cwd=ROOT, env=env).stdout) for _ in range(4)][1:]
    return statistics.median(runs)


def peak_memory_mb(docs: list[str]) -> float:
    """Peak resident memory (MB) of a fresh process that extracts every document (no baseline loaded).

    Read from VmHWM on Linux: ru_maxrss survives exec and would report the parent's peak."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": str(i), "text": d}, ensure_ascii=False) + "\n")
        path = f.name
    code = (
        "import json, resource, sys\n"
        "from cn_invest_ie import Extractor\n"
        "ex = Extractor()\n"
        "for line in open(sys.argv[1], encoding='utf-8'):\n"
        "    ex.extract(json.loads(line)['text'])\n"
        "status = open('/proc/self/status').read() if sys.platform.startswith('linux') else ''\n"
        "hwm = [ln.split()[1] for ln in status.splitlines() if ln.startswith('VmHWM:')]\n"
        "print(int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True, cwd=ROOT)
    Path(path).unlink()
    return float(out.stdout)


def peers(docs: list[str], repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}
    chars = sum(map(len, docs))
    try:
        import jionlp

        jionlp.ner.extract_money(docs[0])
        out["jionlp.extract_money chars/s"] = chars / timed(lambda: [jionlp.ner.extract_money(d) for d in docs],
                                                            repeat)
    except ImportError:
        out["jionlp.extract_money chars/s"] = float("nan")
    try:
        from recognizers_number_with_unit import NumberWithUnitRecognizer
        from recognizers_text import Culture

        model = NumberWithUnitRecognizer(Culture.Chinese).get_currency_model()
        out["recognizers-text currency chars/s"] = chars / timed(lambda: [model.parse(d) for d in docs], repeat)
    except ImportError:
        out["recognizers-text currency chars/s"] = float("nan")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of UTF-8 (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    ap.add_argument("--peers", action="store_true", help="also time JioNLP and Recognizers-Text where installed")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from cn_invest_ie import Extractor

    docs = build_corpus(args.mb)
    chars = sum(map(len, docs))
    start = first_call_seconds()
    ex = Extractor().warm_up()

    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    # interleaved runs, so that load changes on a shared machine hit both sides alike; the ratio is per pair
    pairs = [(timed(lambda: [ex.extract(d) for d in docs], 1), timed(lambda: [tok.lcut(d) for d in docs], 1))
             for _ in range(args.repeat)]
    ours = statistics.median(p[0] for p in pairs)
    jieba_time = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(p[1] / p[0] for p in pairs)

    base = docs[0] * 3
    long_doc = base * 10
    t_base = timed(lambda: ex.extract(base), args.repeat)
    t_long = timed(lambda: ex.extract(long_doc), args.repeat)
    report: dict[str, object] = {
        "corpus_chars": chars,
        "corpus_mb": round(sum(len(d.encode("utf-8")) for d in docs) / 1e6, 2),
        "extract_chars_per_s": round(chars / ours),
        "jieba_lcut_chars_per_s": round(chars / jieba_time),
        "ratio_extract_over_jieba": round(ratio, 2),
        "first_call_s": round(start, 3),
        "peak_rss_mb_extract_process": round(peak_memory_mb(docs), 1),
        "peak_rss_mb_this_process_with_baselines": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "scaling_10x_ratio": round(t_long / (10 * t_base), 2),
    }
    if args.peers:
        for k, v in peers(docs, args.repeat).items():
            report[k] = round(v) if v == v else None
            if v == v:
                report[f"ratio_extract_over_{k.split()[0]}"] = round((chars / ours) / v, 2)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for k, v in report.items():
            print(f"{k:40} {v}")


if __name__ == "__main__":
    main()
