"""Scoring predictions against gold annotations, exactly as ANNOTATION.md "Scoring" defines it.

The figures agree with the reference scorer ``shared/reference/score.py`` (a test checks this).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

LABELS = ("MONEY", "QUANTITY", "DATE", "PLACE", "ORG", "PROJECT")
VALUE_LABELS = ("MONEY", "QUANTITY", "DATE")
EVENT_ATTRIBUTES = ("place", "project", "investor", "stage", "project_count", "date")
# Level suffixes stripped when comparing event places (ANNOTATION.md PLACE value form).
PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                  "地区", "新区", "省", "市", "县", "区", "镇", "乡", "盟", "旗")


def _to_simplified() -> Any:
    try:
        import opencc
    except ImportError:
        return lambda s: s
    return opencc.OpenCC("t2s").convert


@dataclass
class ScoreReport:
    """Per-label mention P/R/F1, value accuracy, event P/R/F1 and event attribute accuracy, plus error rows."""

    mentions: dict[str, dict[str, Any]]
    values: dict[str, float | None]
    events: dict[str, Any]
    event_attributes: dict[str, float | None]
    missing_docs: list[str]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"mentions": self.mentions, "values": self.values, "events": self.events,
                "event_attributes": self.event_attributes, "missing_docs": self.missing_docs}

    def table(self) -> str:
        lines = [f"{'label':10} {'P':>7} {'R':>7} {'F1':>7} {'tp':>5} {'pred':>5} {'gold':>5}"]
        for label, s in self.mentions.items():
            lines.append(f"{label:10} {s['p']:7.3f} {s['r']:7.3f} {s['f1']:7.3f} {s['tp']:5} {s['pred']:5} {s['gold']:5}")
        lines.append("values: " + json.dumps(self.values, ensure_ascii=False))
        s = self.events
        lines.append(f"{'events':10} {s['p']:7.3f} {s['r']:7.3f} {s['f1']:7.3f} {s['tp']:5} {s['pred']:5} {s['gold']:5}")
        lines.append("event attributes: " + json.dumps(self.event_attributes, ensure_ascii=False))
        if self.missing_docs:
            lines.append(f"missing docs: {len(self.missing_docs)}")
        return "\n".join(lines)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall, F1 (rounded to 4 places) with the counts; empty sides count as perfect."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def num_eq(a: Any, b: Any) -> bool:
    """Numbers equal within a relative 1e-6; two ``None`` are equal."""
    if a is None or b is None:
        return a is None and b is None
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))


def _scalar(v: Any, *keys: str) -> Any:
    if isinstance(v, dict):
        for k in keys:
            if v.get(k) is not None:
                return v[k]
        return None
    return v


class Scorer:
    """Scores documents; holds the traditional-to-simplified converter used for places and units."""

    def __init__(self, labels: Iterable[str] = LABELS) -> None:
        self.labels = tuple(labels)
        self._t2s = _to_simplified()

    def place_key(self, p: Any) -> str | None:
        p = _scalar(p, "name", "canonical", "text")
        if not p:
            return None
        p = self._t2s(str(p))
        for s in PLACE_SUFFIXES:
            if p.endswith(s) and len(p) > len(s) + 1:
                return p[: -len(s)]
        return p

    def event_fields(self, e: dict[str, Any]) -> dict[str, Any]:
        amount, currency = e.get("amount"), e.get("currency")
        if isinstance(amount, dict):
            currency = amount.get("currency", currency)
            amount = amount.get("value")
        return {
            "kind": e.get("kind"), "stage": e.get("stage"), "place": self.place_key(e.get("place")),
            "project": _scalar(e.get("project"), "text", "name"),
            "investor": _scalar(e.get("investor"), "text", "name"),
            "amount": amount, "currency": currency or ("CNY" if amount is not None else None),
            "project_count": _scalar(e.get("project_count"), "value"),
            "date": _scalar(e.get("date"), "value", "text"),
        }

    def _value_ok(self, label: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
        if label == "DATE":
            return bool(gold.get("value") == pred.get("value"))
        ok = num_eq(gold.get("value"), pred.get("value"))
        if label == "MONEY":
            return ok and gold.get("currency") == pred.get("currency")
        return ok and self._t2s(str(gold.get("unit"))) == self._t2s(str(pred.get("unit")))

    @staticmethod
    def _event_ok(ge: dict[str, Any], pe: dict[str, Any]) -> bool:
        if ge["amount"] is not None:
            return num_eq(ge["amount"], pe["amount"]) and ge["currency"] == pe["currency"]
        if ge["project"] is not None:
            return pe["amount"] is None and ge["project"] == pe["project"]
        return (pe["amount"] is None and pe["project"] is None
                and num_eq(ge["project_count"], pe["project_count"]) and ge["place"] == pe["place"])

    def score(self, gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> ScoreReport:
        """Score ``pred`` against ``gold`` (both keyed by document id)."""
        counts = {label: [0, 0, 0] for label in self.labels}  # tp, pred, gold
        values = {label: [0, 0] for label in VALUE_LABELS}  # correct, matched
        ev = [0, 0, 0]
        attrs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        missing: list[str] = []
        errors: list[dict[str, Any]] = []
        for did, g in gold.items():
            p = pred.get(did)
            if p is None:
                missing.append(did)
                p = {"mentions": [], "events": []}
            text = g.get("text", "")
            gm = {(m["label"], m["start"], m["end"]): m for m in g.get("mentions", []) if m["label"] in self.labels}
            pm = {(m["label"], m.get("start"), m.get("end")): m
                  for m in p.get("mentions", []) or [] if m.get("label") in self.labels}
            for label in self.labels:
                counts[label][1] += sum(1 for k in pm if k[0] == label)
                counts[label][2] += sum(1 for k in gm if k[0] == label)
            for key, gmen in gm.items():
                if key not in pm:
                    errors.append(_mention_error(did, "missed", gmen, text))
                    continue
                counts[key[0]][0] += 1
                if key[0] in values:
                    values[key[0]][1] += 1
                    if self._value_ok(key[0], gmen, pm[key]):
                        values[key[0]][0] += 1
                    else:
                        err = _mention_error(did, "wrong value", gmen, text)
                        err["predicted"] = {k: pm[key].get(k) for k in ("value", "currency", "unit")}
                        errors.append(err)
            for key, pmen in pm.items():
                if key not in gm:
                    errors.append(_mention_error(did, "spurious", pmen, text))
            gev = [self.event_fields(e) for e in g.get("events", [])]
            pev = [self.event_fields(e) for e in p.get("events", []) or []]
            ev[1] += len(pev)
            ev[2] += len(gev)
            used: set[int] = set()
            for ge in gev:
                cands = [(-(pe["place"] == ge["place"]) - (pe["project"] == ge["project"]), j)
                         for j, pe in enumerate(pev)
                         if j not in used and pe["kind"] == ge["kind"] and self._event_ok(ge, pe)]
                if not cands:
                    errors.append({"doc": did, "kind": "missed event", "gold": ge})
                    continue
                j = min(cands)[1]
                used.add(j)
                ev[0] += 1
                pe = pev[j]
                for a in EVENT_ATTRIBUTES:
                    attrs[a][1] += 1
                    gv, pv = ge[a], pe[a]
                    same = (num_eq(gv, pv) if a == "project_count" and gv is not None and pv is not None
                            else gv == pv)
                    attrs[a][0] += same
                    if not same:
                        errors.append({"doc": did, "kind": f"event {a}", "gold": gv, "predicted": pv,
                                       "event": {"project": ge["project"], "amount": ge["amount"]}})
            for j, pe in enumerate(pev):
                if j not in used:
                    errors.append({"doc": did, "kind": "spurious event", "predicted": pe})
        mentions = {label: prf(*counts[label]) for label in self.labels}
        mentions["ALL"] = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))  # type: ignore[arg-type]
        return ScoreReport(
            mentions=mentions,
            values={label: round(v[0] / v[1], 4) if v[1] else None for label, v in values.items()},
            events=prf(*ev),
            event_attributes={a: round(v[0] / v[1], 4) if v[1] else None for a, v in attrs.items()},
            missing_docs=missing,
            errors=errors,
        )


def _mention_error(did: str, kind: str, m: dict[str, Any], text: str) -> dict[str, Any]:
    s, e = m.get("start") or 0, m.get("end") or 0
    return {"doc": did, "kind": kind, "label": m.get("label"), "text": m.get("text"), "start": s, "end": e,
            "value": m.get("value"), "context": text[max(0, s - 15): e + 15].replace("\n", " ")}


def load_jsonl(path: str) -> dict[str, dict[str, Any]]:
    """Documents of a JSONL file keyed by ``id``."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[str(d["id"])] = d
    return out
