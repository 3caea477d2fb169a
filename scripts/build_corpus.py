#!/usr/bin/env python3
"""Build ``corpora/invest_corpus.jsonl`` from the marked-up sources in ``corpora/src/*.txt``.

Standard library only (Python 3.11).  The markup is described in ``corpora/README.md``:

    id: inv-01-example
    published: 2023-06-16          (or: null)
    ---
    body text with [[LABEL|surface|value;key=value]] mentions, nestable:
    [[PROJECT|年产[[QUANTITY|20GWh|20000000;unit=千瓦时]]动力电池项目]]
    ---
    {"kind": "project", "stage": "signed", ...}     (one JSON event per line)

Every mention is checked (``text[start:end] == mention.text``, values against the surface form where a
number can be read off it, label-specific fields) and every event is checked against the document's
mentions.  Any problem stops the build with ``file:line: message``.

Usage:  python3 scripts/build_corpus.py [--src DIR] [--out FILE] [--check]
        (--check validates and prints the summary without writing the output file)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT / "corpora" / "src"
DEFAULT_OUT = ROOT / "corpora" / "invest_corpus.jsonl"

LABELS = ("MONEY", "QUANTITY", "DATE", "PLACE", "ORG", "PROJECT")
QUALIFIERS = ("eq", "approx", "gt", "ge", "lt", "range")
STAGES = ("signed", "started", "operating", "planned", None)
KINDS = ("project", "aggregate")
EVENT_KEYS = ("kind", "stage", "place", "project", "investor", "amount", "currency", "project_count", "date")
ALLOWED_KEYS = {
    "MONEY": {"value", "currency", "qualifier", "value_max"},
    "QUANTITY": {"value", "unit", "qualifier", "value_max"},
    "DATE": {"value"},
    "PLACE": {"value"},
    "ORG": set(),
    "PROJECT": set(),
}
# Which labels may sit inside which (ANNOTATION.md: a PROJECT may contain a QUANTITY; places inside
# ORG/PROJECT names are not annotated).
NESTING = {"PROJECT": {"QUANTITY"}}
CANONICAL_UNITS = {
    "吨", "只", "亩", "公顷", "平方米", "千瓦", "千瓦时", "立方米", "米", "人",
    "台", "套", "台套", "辆", "件", "片", "张", "头", "颗", "个", "床",
}
TEXT_MIN, TEXT_MAX = 250, 900


class BuildError(Exception):
    """A malformed source: the message starts with ``file:line:``."""


def fail(path: Path | str, line: int, message: str) -> None:
    raise BuildError(f"{path}:{line}: {message}")


# --------------------------------------------------------------------------- numbers read off surfaces

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = (("亿", 10**8), ("億", 10**8), ("万", 10**4), ("萬", 10**4))
CURRENCY_WORDS = (  # the longer word first where one ends another (澳门元 before 元)
    ("美元", "USD"), ("欧元", "EUR"), ("歐元", "EUR"), ("港元", "HKD"), ("港币", "HKD"), ("港幣", "HKD"),
    ("日元", "JPY"), ("英镑", "GBP"), ("英鎊", "GBP"), ("澳门元", "MOP"), ("澳门币", "MOP"), ("澳門元", "MOP"),
    ("韩元", "KRW"), ("澳元", "AUD"), ("新加坡元", "SGD"), ("新台币", "TWD"), ("加元", "CAD"), ("瑞士法郎", "CHF"),
    ("泰铢", "THB"), ("林吉特", "MYR"), ("卢布", "RUB"), ("元", "CNY"),
)
RANGE_SEPARATORS = ("至", "到", "-", "~", "—", "–")
QUANTITY_UNITS = {
    # surface unit: (allowed canonical units, factor)
    "吨": ({"吨"}, 1), "噸": ({"吨"}, 1),
    "亩": ({"亩"}, 1), "畝": ({"亩"}, 1),
    "公顷": ({"公顷"}, 1), "公頃": ({"公顷"}, 1),
    "平方米": ({"平方米"}, 1), "平米": ({"平方米"}, 1), "㎡": ({"平方米"}, 1), "m²": ({"平方米"}, 1),
    "m2": ({"平方米"}, 1), "M2": ({"平方米"}, 1),
    "平方公里": ({"平方米"}, 10**6), "平方千米": ({"平方米"}, 10**6), "km²": ({"平方米"}, 10**6), "km2": ({"平方米"}, 10**6),
    "立方米": ({"立方米"}, 1), "m³": ({"立方米"}, 1),
    "千瓦时": ({"千瓦时"}, 1), "千瓦時": ({"千瓦时"}, 1), "kWh": ({"千瓦时"}, 1),
    "兆瓦时": ({"千瓦时"}, 10**3), "兆瓦時": ({"千瓦时"}, 10**3), "MWh": ({"千瓦时"}, 10**3),
    "GWh": ({"千瓦时"}, 10**6),
    "千瓦": ({"千瓦"}, 1), "kW": ({"千瓦"}, 1), "兆瓦": ({"千瓦"}, 10**3), "MW": ({"千瓦"}, 10**3),
    "MWp": ({"千瓦"}, 10**3), "GW": ({"千瓦"}, 10**6), "GWp": ({"千瓦"}, 10**6),
    "瓦": ({"千瓦"}, Decimal("0.001")),
    "公里": ({"米"}, 1000), "千米": ({"米"}, 1000), "米": ({"米"}, 1),
    "人": ({"人"}, 1), "个": ({"人", "个"}, 1), "個": ({"人", "个"}, 1),
    "台套": ({"台套"}, 1), "台": ({"台"}, 1), "套": ({"套"}, 1), "辆": ({"辆"}, 1), "輛": ({"辆"}, 1),
    "只": ({"只"}, 1), "件": ({"件"}, 1), "片": ({"片"}, 1), "张": ({"张"}, 1), "張": ({"张"}, 1),
    "头": ({"头"}, 1), "頭": ({"头"}, 1), "颗": ({"颗"}, 1), "顆": ({"颗"}, 1), "床": ({"床"}, 1),
}


def normalize(surface: str) -> str:
    """Full-width digits/letters/punctuation to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", surface)


def _parse_small(s: str) -> Decimal | None:
    if not s:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return Decimal(s)
    total = Decimal(0)
    current: Decimal | None = None
    i = 0
    while i < len(s):
        m = re.match(r"\d+(\.\d+)?", s[i:])
        if m:
            current = Decimal(m.group(0))
            i += len(m.group(0))
            continue
        ch = s[i]
        if ch in CN_DIGITS:
            current = Decimal(CN_DIGITS[ch])
        elif ch in CN_SMALL:
            total += (current if current is not None else Decimal(1)) * CN_SMALL[ch]
            current = None
        else:
            return None
        i += 1
    if current is not None:
        total += current
    return total


def parse_number(s: str) -> Decimal | None:
    """A numeral with optional 万/亿 (``1104.08亿``, ``一亿八千万``, ``百亿``, ``12,800万``); None if unreadable."""
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    if not s:
        return None
    for unit, mult in CN_BIG:
        pos = s.rfind(unit)
        if pos >= 0:
            left, right = s[:pos], s[pos + 1:]
            lv = parse_number(left) if left else Decimal(1)
            rv = parse_number(right) if right else Decimal(0)
            if lv is None or rv is None:
                return None
            if right and re.fullmatch(r"\d+(\.\d+)?", right) and unit in "亿億":
                return None  # "1亿2" is ambiguous; not used in the corpus
            return lv * mult + rv
    return _parse_small(s)


def parse_amount(s: str) -> tuple[Decimal | None, Decimal | None, bool]:
    """(low, high or None, has 多/余 inside) for a numeral that may be a range."""
    inner_more = bool(re.search(r"[多余餘]", s))
    s = re.sub(r"[多余餘]", "", s)
    for sep in RANGE_SEPARATORS:
        if sep in s.strip(sep):
            low, high = s.split(sep, 1)
            # "6-8亿": the low end borrows the high end's trailing unit characters.
            if re.fullmatch(r"[\d.]+", low):
                tail = re.sub(r"^[\d.,]+", "", high)
                low = low + tail
            return parse_number(low), parse_number(high), inner_more
    return parse_number(s), None, inner_more


def read_money(surface: str) -> tuple[Decimal | None, Decimal | None, str | None, bool]:
    s = normalize(surface)
    currency = None
    for word, code in CURRENCY_WORDS:
        if s.endswith(word):
            currency, s = code, s[: -len(word)]
            break
    if currency is None and s and s[-1] in "亿億万萬":
        currency = "CNY"
    low, high, more = parse_amount(s)
    return low, high, currency, more


def read_quantity(surface: str) -> tuple[Decimal | None, Decimal | None, set[str] | None, bool]:
    s = normalize(surface)
    for unit in sorted(QUANTITY_UNITS, key=len, reverse=True):
        if s.endswith(unit):
            canon, factor = QUANTITY_UNITS[unit]
            low, high, more = parse_amount(s[: -len(unit)])
            low = None if low is None else low * Decimal(factor)
            high = None if high is None else high * Decimal(factor)
            return low, high, canon, more
    return None, None, None, False


def to_json_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def same_number(a: Decimal | int | float, b: Decimal | int | float) -> bool:
    a, b = Decimal(str(a)), Decimal(str(b))
    if a == b:
        return True
    return abs(a - b) <= abs(b) * Decimal("1e-9")


# --------------------------------------------------------------------------- markup parsing


@dataclass
class Frame:
    label: str
    start: int
    line: int
    mention: dict = field(default_factory=dict)


@dataclass
class Doc:
    path: Path
    id: str
    url: str | None
    published: str | None
    text: str
    mentions: list[dict]
    events: list[dict]
    mention_lines: list[int]
    event_lines: list[int]


def parse_attrs(raw: str, label: str, path: Path, line: int) -> dict:
    attrs: dict = {}
    if raw.strip() == "":
        fail(path, line, f"{label}: empty attribute part after '|'")
    for i, item in enumerate(raw.split(";")):
        item = item.strip()
        if not item:
            fail(path, line, f"{label}: empty attribute in {raw!r}")
        if "=" in item:
            key, val = (x.strip() for x in item.split("=", 1))
        elif i == 0:
            key, val = "value", item
        else:
            fail(path, line, f"{label}: attribute {item!r} needs key=value (only the first may be a bare value)")
        if key not in ALLOWED_KEYS[label]:
            fail(path, line, f"{label}: attribute {key!r} not allowed (allowed: {sorted(ALLOWED_KEYS[label])})")
        if key in attrs:
            fail(path, line, f"{label}: attribute {key!r} given twice")
        attrs[key] = val
    return attrs


def finish_mention(frame: Frame, text_so_far: str, attrs: dict, path: Path, published: str | None) -> dict:
    label, line = frame.label, frame.line
    surface = text_so_far[frame.start:]
    if not surface:
        fail(path, line, f"{label}: empty surface text")
    if surface != surface.strip():
        fail(path, line, f"{label}: surface {surface!r} has leading/trailing whitespace")
    if "\n" in surface:
        fail(path, line, f"{label}: surface {surface!r} spans a line break")
    m: dict = {"label": label, "text": surface, "start": frame.start, "end": len(text_so_far)}
    where = f"{label} {surface!r}"

    if label in ("MONEY", "QUANTITY"):
        if "value" not in attrs:
            fail(path, line, f"{where}: value is required")
        try:
            value = Decimal(attrs["value"])
        except Exception:
            fail(path, line, f"{where}: value {attrs['value']!r} is not a number")
        qualifier = attrs.get("qualifier", "eq")
        if qualifier not in QUALIFIERS:
            fail(path, line, f"{where}: qualifier {qualifier!r} not in {QUALIFIERS}")
        value_max = None
        if "value_max" in attrs:
            try:
                value_max = Decimal(attrs["value_max"])
            except Exception:
                fail(path, line, f"{where}: value_max {attrs['value_max']!r} is not a number")
        if (qualifier == "range") != (value_max is not None):
            fail(path, line, f"{where}: qualifier=range and value_max go together")
        if label == "MONEY":
            currency = attrs.get("currency", "CNY")
            if not re.fullmatch(r"[A-Z]{3}", currency):
                fail(path, line, f"{where}: currency {currency!r} is not an ISO 4217 code")
            low, high, cur_read, more = read_money(surface)
            if low is None:
                fail(path, line, f"{where}: cannot read an amount off the surface")
            if cur_read != currency:
                fail(path, line, f"{where}: surface reads as {cur_read}, annotated {currency}")
            unit_ok = True
        else:
            unit = attrs.get("unit")
            if unit is None:
                fail(path, line, f"{where}: unit is required")
            if unit not in CANONICAL_UNITS:
                fail(path, line, f"{where}: unit {unit!r} is not a canonical unit {sorted(CANONICAL_UNITS)}")
            low, high, canon, more = read_quantity(surface)
            if low is None:
                fail(path, line, f"{where}: cannot read a quantity off the surface")
            unit_ok = unit in canon
            if not unit_ok:
                fail(path, line, f"{where}: surface unit gives {sorted(canon)}, annotated {unit!r}")
        if not same_number(low, value):
            fail(path, line, f"{where}: value {attrs['value']} but the surface reads {low}")
        if (high is None) != (value_max is None):
            fail(path, line, f"{where}: a range surface needs qualifier=range;value_max=... (and only then)")
        if high is not None and not same_number(high, value_max):
            fail(path, line, f"{where}: value_max {attrs['value_max']} but the surface reads {high}")
        if more and qualifier != "gt":
            fail(path, line, f"{where}: 多/余 inside the span means qualifier=gt")
        m["value"] = to_json_number(value)
        if label == "MONEY":
            m["currency"] = currency
        else:
            m["unit"] = unit
        m["qualifier"] = qualifier
        if value_max is not None:
            m["value_max"] = to_json_number(value_max)

    elif label == "DATE":
        if "value" not in attrs:
            fail(path, line, f"{where}: value is required (ISO date or null)")
        val = attrs["value"]
        if val == "null":
            m["value"] = None
        else:
            try:
                d = date.fromisoformat(val)
            except ValueError:
                fail(path, line, f"{where}: value {val!r} is not YYYY-MM-DD or null")
            check_date_surface(surface, d, path, line, published)
            m["value"] = val
        if m["value"] is None and published is not None and re.search(r"\d{4}年", normalize(surface)):
            fail(path, line, f"{where}: the surface states a year, value must not be null")

    elif label == "PLACE":
        if "value" not in attrs:
            fail(path, line, f"{where}: value (canonical name) is required")
        val = attrs["value"]
        zone = re.search(r"(开发区|开区|新区|园区|产业园|高新区|经济区|项目区|工业区|实验区|试验区|园|新城)$", val)
        if not zone and len(val) > 2 and val[-1] in "省市县":
            fail(path, line, f"{where}: value {val!r} keeps a level suffix")
        m["value"] = val
    else:  # ORG, PROJECT
        if attrs:
            fail(path, line, f"{where}: {label} takes no attributes")
    return m


def check_date_surface(surface: str, d: date, path: Path, line: int, published: str | None) -> None:
    s = normalize(surface)
    where = f"DATE {surface!r}"
    full = re.fullmatch(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日", s)
    lost = re.fullmatch(r"(\d{2,4})日", s)  # scraped text that lost 月: 96日, 1130日
    if full and not full.group(1) and not full.group(2) and int(full.group(3)) > 31:
        full = None
    if full:
        year, month, day = full.groups()
        if year and int(year) != d.year:
            fail(path, line, f"{where}: year {year} but value {d}")
        if month and int(month) != d.month:
            fail(path, line, f"{where}: month {month} but value {d}")
        if int(day) != d.day:
            fail(path, line, f"{where}: day {day} but value {d}")
        if month and not year and published:
            pub = date.fromisoformat(published)
            expect = pub.year if int(month) <= pub.month else pub.year - 1
            if d.year != expect:
                print(f"note: {path}:{line}: {where} -> {d} (year not from `published`: {expect}); "
                      "make sure the text states it", file=sys.stderr)
    elif lost:
        if f"{d.month}{d.day}" != lost.group(1):
            fail(path, line, f"{where}: digits do not read as month {d.month} day {d.day}")
    else:
        fail(path, line, f"{where}: unreadable date surface")


def parse_body(body: str, body_line: int, path: Path, published: str | None) -> tuple[str, list[dict], list[int]]:
    out: list[str] = []
    out_len = 0
    stack: list[Frame] = []
    mentions: list[dict] = []
    lines: list[int] = []
    i, line = 0, body_line
    n = len(body)

    def text_so_far() -> str:
        return "".join(out)

    while i < n:
        ch = body[i]
        if body.startswith("[[", i):
            m = re.match(r"\[\[([A-Z]+)\|", body[i:])
            if not m:
                fail(path, line, "'[[' must be followed by LABEL| (e.g. [[MONEY|...)")
            label = m.group(1)
            if label not in LABELS:
                fail(path, line, f"unknown label {label!r} (labels: {', '.join(LABELS)})")
            if stack and label not in NESTING.get(stack[-1].label, set()):
                fail(path, line, f"{label} may not be nested inside {stack[-1].label}")
            stack.append(Frame(label, out_len, line))
            i += len(m.group(0))
            continue
        if body.startswith("]]", i) or ch == "|":
            if not stack:
                fail(path, line, f"stray {'|' if ch == '|' else ']]'} outside a mention")
            frame = stack.pop()
            attrs: dict = {}
            if ch == "|":
                end = body.find("]]", i)
                if end < 0:
                    fail(path, frame.line, f"{frame.label} mention never closed with ']]'")
                raw = body[i + 1:end]
                if "\n" in raw or "[[" in raw or "|" in raw:
                    fail(path, line, f"{frame.label}: malformed attribute part {raw!r}")
                attrs = parse_attrs(raw, frame.label, path, line)
                i = end + 2
            else:
                i += 2
            mentions.append(finish_mention(frame, text_so_far(), attrs, path, published))
            lines.append(frame.line)
            continue
        out.append(ch)
        out_len += 1
        if ch == "\n":
            if stack:
                fail(path, stack[-1].line, f"{stack[-1].label} mention not closed on its line")
            line += 1
        i += 1
    if stack:
        fail(path, stack[-1].line, f"{stack[-1].label} mention never closed")
    text = "".join(out)
    order = sorted(range(len(mentions)), key=lambda k: (mentions[k]["start"], -mentions[k]["end"]))
    return text, [mentions[k] for k in order], [lines[k] for k in order]


def parse_file(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("\ufeff"):
        fail(path, 1, "file starts with a BOM")
    lines = raw.split("\n")
    seps = [k for k, ln in enumerate(lines) if ln.strip() == "---"]
    if len(seps) < 2:
        fail(path, len(lines), "need a header, '---', the body, '---', then the events")
    h_end, b_end = seps[0], seps[1]
    header: dict[str, str] = {}
    for k in range(h_end):
        ln = lines[k].strip()
        if not ln or ln.startswith("#"):
            continue
        m = re.fullmatch(r"([a-z_]+):\s*(.*)", ln)
        if not m:
            fail(path, k + 1, f"header line {ln!r} is not 'key: value'")
        if m.group(1) not in ("id", "published", "url"):
            fail(path, k + 1, f"unknown header key {m.group(1)!r}")
        header[m.group(1)] = m.group(2).strip()
    for key in ("id", "published"):
        if key not in header:
            fail(path, 1, f"header key {key!r} missing")
    published = None if header["published"] == "null" else header["published"]
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            fail(path, 1, f"published {published!r} is not YYYY-MM-DD or null")
    url = header.get("url", "null")
    url = None if url == "null" else url
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", header["id"]):
        fail(path, 1, f"id {header['id']!r} should be lowercase letters, digits and '-'")

    body_lines = lines[h_end + 1:b_end]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        h_end += 1
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    body = "\n".join(body_lines)
    text, mentions, mlines = parse_body(body, h_end + 2, path, published)
    for k, m in zip(mlines, mentions, strict=False):
        if text[m["start"]:m["end"]] != m["text"]:  # cannot happen by construction; keep the promise checked
            fail(path, k, f"offset check failed for {m['label']} {m['text']!r}")
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        fail(path, h_end + 2, f"text has {len(text)} characters, expected {TEXT_MIN}-{TEXT_MAX}")

    events, elines = [], []
    for k in range(b_end + 1, len(lines)):
        ln = lines[k].strip()
        if not ln or ln.startswith("#"):
            continue
        if ln == "---":
            fail(path, k + 1, "only two '---' separators are allowed")
        try:
            ev = json.loads(ln)
        except json.JSONDecodeError as e:
            fail(path, k + 1, f"event is not valid JSON: {e}")
        events.append(ev)
        elines.append(k + 1)
    doc = Doc(path, header["id"], url, published, text, mentions, events, mlines, elines)
    for ev, k in zip(events, elines, strict=False):
        check_event(doc, ev, k)
    return doc


def check_event(doc: Doc, ev: dict, line: int) -> None:
    path = doc.path
    if not isinstance(ev, dict) or tuple(ev.keys()) != EVENT_KEYS:
        fail(path, line, f"event keys must be exactly, in order: {', '.join(EVENT_KEYS)}")
    if ev["kind"] not in KINDS:
        fail(path, line, f"kind {ev['kind']!r} not in {KINDS}")
    if ev["stage"] not in STAGES:
        fail(path, line, f"stage {ev['stage']!r} not in {STAGES}")
    by_label: dict[str, list[dict]] = {}
    for m in doc.mentions:
        by_label.setdefault(m["label"], []).append(m)
    texts = lambda lab: {m["text"] for m in by_label.get(lab, [])}  # noqa: E731
    if ev["project"] is not None and ev["project"] not in texts("PROJECT"):
        fail(path, line, f"project {ev['project']!r} is not a PROJECT mention text")
    if ev["investor"] is not None and ev["investor"] not in texts("ORG"):
        fail(path, line, f"investor {ev['investor']!r} is not an ORG mention text")
    if ev["place"] is not None:
        places = {m["value"] for m in by_label.get("PLACE", [])}
        inside = any(ev["place"] in m["text"] for m in by_label.get("PROJECT", []) + by_label.get("ORG", []))
        if ev["place"] not in places and not inside:
            fail(path, line, f"place {ev['place']!r} is neither a PLACE value nor inside a PROJECT/ORG name")
    if (ev["amount"] is None) != (ev["currency"] is None):
        fail(path, line, "amount and currency are both set or both null")
    if ev["amount"] is not None:
        if not isinstance(ev["amount"], (int, float)) or isinstance(ev["amount"], bool):
            fail(path, line, "amount must be a number")
        if not any(same_number(m["value"], ev["amount"]) and m["currency"] == ev["currency"]
                   for m in by_label.get("MONEY", [])):
            fail(path, line, f"amount {ev['amount']} {ev['currency']} matches no MONEY mention")
    if ev["kind"] == "project" and ev["project_count"] is not None:
        fail(path, line, "a project event has project_count null")
    if ev["kind"] == "aggregate":
        if ev["project"] is not None or ev["investor"] is not None:
            fail(path, line, "an aggregate event has project and investor null")
        pc = ev["project_count"]
        if pc is not None and (not isinstance(pc, int) or isinstance(pc, bool) or pc < 1):
            fail(path, line, "project_count must be a positive integer or null")
        if pc is None and ev["amount"] is None:
            fail(path, line, "an aggregate needs a count or an amount")
    if ev["date"] is not None:
        if ev["date"] not in {m["value"] for m in by_label.get("DATE", [])}:
            fail(path, line, f"date {ev['date']!r} is not the value of a DATE mention")


def to_record(doc: Doc) -> dict:
    return {
        "id": doc.id,
        "url": doc.url,
        "published": doc.published,
        "text": doc.text,
        "mentions": doc.mentions,
        "events": doc.events,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="validate only, do not write the output")
    args = ap.parse_args(argv)

    # in the order of their number (100_… after 99_…); a name without one sorts last and fails below
    files = sorted(args.src.glob("*.txt"), key=lambda f: (int(m.group(1)) if (m := re.match(r"(\d+)_", f.name)) else 10**9,
                                                       f.name))
    if not files:
        print(f"error: no sources in {args.src}", file=sys.stderr)
        return 1
    docs: list[Doc] = []
    seen: dict[str, Path] = {}
    try:
        for f in files:
            if not re.fullmatch(r"\d{2,3}_[a-z0-9_]+\.txt", f.name):
                fail(f, 1, "source files are named NN_slug.txt (two or three digits)")
            doc = parse_file(f)
            if doc.id in seen:
                fail(f, 1, f"id {doc.id!r} already used by {seen[doc.id]}")
            seen[doc.id] = f
            docs.append(doc)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1

    if not args.check:
        with args.out.open("w", encoding="utf-8", newline="\n") as fh:
            for doc in docs:
                fh.write(json.dumps(to_record(doc), ensure_ascii=False) + "\n")

    labels = Counter(m["label"] for d in docs for m in d.mentions)
    kinds = Counter(e["kind"] for d in docs for e in d.events)
    print(f"{len(docs)} documents, {sum(len(d.text) for d in docs)} characters")
    print("mentions: " + ", ".join(f"{lab} {labels.get(lab, 0)}" for lab in LABELS)
          + f" (total {sum(labels.values())})")
    print(f"events: {sum(kinds.values())} (project {kinds.get('project', 0)}, aggregate {kinds.get('aggregate', 0)})")
    if not args.check:
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
