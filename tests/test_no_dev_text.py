"""The development corpus is for measurement only: none of its sentences or company/project names may appear in the
repository (code, language data, tests, the project's own corpus, docs). Skipped when ``../shared`` is absent."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import DEV, ROOT, shared_missing

_SHINGLE = 16  # characters of running dev text that count as a copied sentence
_MIN_NAME = 4  # shorter ORG/PROJECT surfaces (万达, 京东) are too common to attribute to the corpus
_SCANNED = ("cn_invest_ie/**/*.py", "cn_invest_ie/data/*.tsv", "cn_invest_ie/data/*.md", "tests/**/*.py",
            "tests/specs/*.jsonl", "corpora/src/*", "corpora/*.md", "docs/*.md", "README.md", "examples/*",
            "scripts/*.py", "benchmarks/*.py")


def _dev_docs() -> list[dict]:
    if not DEV.exists():
        shared_missing("corpora/dev.jsonl")
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def _repository_files() -> list[Path]:
    me = Path(__file__).resolve()
    return sorted({p for pattern in _SCANNED for p in ROOT.glob(pattern) if p.is_file() and p.resolve() != me})


def test_no_dev_names_or_sentences_in_repository() -> None:
    docs = _dev_docs()
    names = {m["text"] for d in docs for m in d["mentions"]
             if m["label"] in ("ORG", "PROJECT") and len(m["text"]) >= _MIN_NAME}
    shingles = {d["text"][i:i + _SHINGLE] for d in docs for i in range(len(d["text"]) - _SHINGLE + 1)}
    shingles = {s for s in shingles if not any(ch.isdigit() or ch.isspace() for ch in s)}
    found: list[str] = []
    for path in _repository_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: name {n}" for n in sorted(names) if n in text]
        found += [f"{path.relative_to(ROOT)}: text {text[i:i + _SHINGLE]}" for i in range(len(text) - _SHINGLE + 1)
                  if text[i:i + _SHINGLE] in shingles][:3]
    assert not found, "development-corpus text in the repository:\n" + "\n".join(found[:40])
