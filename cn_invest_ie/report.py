"""A self-contained HTML report: each document with its mentions highlighted and its events beside the text, and a
summary over all documents (events by place and stage, amounts summed exactly, an inline SVG chart).

The page loads nothing from outside (no JS, fonts or stylesheets), escapes every text, and marks spans by
code-point offsets: the text inside a document's ``.doc-text`` element is exactly the document text (labels are
drawn by CSS ``::after``), so a browser's ``textContent`` can be checked against the source.
"""

from __future__ import annotations

import html
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cn_invest_ie.io.tables import exact_decimal, plain

if TYPE_CHECKING:
    from cn_invest_ie.api import Extractor
    from cn_invest_ie.io.jsonl import InputError

COLORS = {"MONEY": "#ffd166", "QUANTITY": "#a0e7e5", "DATE": "#b4f8c8", "PLACE": "#fbc4ab", "ORG": "#cdb4db",
          "PROJECT": "#9bf6ff"}
STAGE_COLORS = {"signed": "#3a86ff", "started": "#ff8500", "operating": "#2a9d8f", "planned": "#9d8189",
                "": "#adb5bd"}
STAGES = ("signed", "started", "operating", "planned", "")
_YI = Decimal(100_000_000)

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
 color:#212529;background:#f8f9fa;line-height:1.6}
header.top{background:#1d3557;color:#fff;padding:16px 28px}header.top h1{margin:0;font-size:22px}
header.top p{margin:4px 0 0;opacity:.85;font-size:14px}
main{padding:16px 28px;max-width:1500px}
section{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:14px 18px;margin:0 0 18px}
h2{font-size:18px;margin:0 0 6px}h3{font-size:15px;margin:12px 0 6px}
.meta{color:#6c757d;font-size:13px;margin:0 0 10px;word-break:break-all}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px;align-items:start}
.doc-events{overflow-x:auto}
td.place{min-width:7em}.events td.place{min-width:4em}.events td.project{min-width:6em}
.doc-text{white-space:pre-wrap;line-height:2.3;font-size:15px}
mark.ent{padding:2px 3px;border-radius:4px;line-height:1;box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.ent::after{content:attr(data-label);font-size:9px;font-weight:700;margin-left:3px;vertical-align:middle;
 letter-spacing:.02em;opacity:.75;font-family:sans-serif}
mark.ent mark.ent{border:1px solid rgba(0,0,0,.25)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e9ecef;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.nowrap{white-space:nowrap}
.legend span{display:inline-block;padding:1px 6px;border-radius:4px;margin:0 6px 4px 0;font-size:12px}
.tag{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px}
.note{color:#6c757d;font-size:12px}
.empty{color:#adb5bd;font-style:italic}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
""" + "".join(f"mark.ent-{k}{{background:{v}}}\n" for k, v in COLORS.items()) + "".join(
    f".stage-{k or 'none'}{{background:{v}}}\n" for k, v in STAGE_COLORS.items())


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def format_amount(amount: Any, currency: str | None) -> str:
    """``23000000000, CNY`` -> ``230亿元``; other currencies ``2亿 USD``; exact (Decimal), empty for None."""
    d = exact_decimal(amount)
    if d is None:
        return ""
    yi = plain(d / _YI)
    return f"{yi}亿元" if currency in (None, "CNY") else f"{yi}亿 {currency}"


# -- spans ------------------------------------------------------------------------------------------------------------

def highlight(text: str, mentions: Iterable[dict[str, Any]]) -> tuple[str, int]:
    """``text`` as escaped HTML with ``<mark>`` per mention (nested marks for nested spans).

    Returns ``(html, dropped)``: mentions that cross another mention's boundary cannot nest and are left out.
    """
    ms = sorted((m for m in mentions if _valid(text, m)), key=lambda m: (m["start"], -m["end"]))
    out: list[str] = []
    stack: list[int] = []
    pos = dropped = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(_e(text[pos:end]) + "</mark>")
            pos = end

    for m in ms:
        close_until(m["start"])
        if stack and m["end"] > stack[-1]:
            dropped += 1
            continue
        out.append(_e(text[pos:m["start"]]))
        pos = m["start"]
        out.append(f'<mark class="ent ent-{_e(m["label"])}" data-label="{_e(m["label"])}" '
                   f'data-start="{m["start"]}" data-end="{m["end"]}" title="{_e(_mention_title(m))}">')
        stack.append(m["end"])
    close_until(len(text))
    out.append(_e(text[pos:]))
    return "".join(out), dropped


def _valid(text: str, m: dict[str, Any]) -> bool:
    s, e = m.get("start"), m.get("end")
    return isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) and m.get("label") in COLORS


def _mention_title(m: dict[str, Any]) -> str:
    parts = [m["label"]]
    if m.get("value") is not None:
        parts.append(str(m["value"]))
    for k in ("currency", "unit", "qualifier", "code"):
        if m.get(k):
            parts.append(f"{k}={m[k]}")
    if m.get("parents"):
        parts.append("/".join(m["parents"]))
    return " · ".join(parts)


# -- summary ---------------------------------------------------------------------------------------------------------

@dataclass
class PlaceRow:
    place: str
    parents: str
    stages: Counter[str]
    project_amount: Decimal
    aggregate_amount: Decimal
    stage_amounts: dict[str, Decimal]
    other: dict[str, Decimal]

    @property
    def events(self) -> int:
        return sum(self.stages.values())


def summarize(docs: list[dict[str, Any]]) -> list[PlaceRow]:
    """Events grouped by place: counts by stage, CNY amounts summed exactly (project and aggregate events apart,
    since an aggregate usually includes the projects), other currencies apart. Sorted by project amount."""
    rows: dict[str, PlaceRow] = {}
    for doc in docs:
        parents = {m.get("code"): "/".join(m.get("parents") or ()) for m in doc.get("mentions") or ()
                   if m.get("label") == "PLACE" and m.get("code")}
        for ev in doc.get("events") or ():
            place = ev.get("place") or "（未知地点）"
            row = rows.get(place)
            if row is None:
                row = rows[place] = PlaceRow(place, parents.get(ev.get("place_code"), ""), Counter(), Decimal(0),
                                             Decimal(0), defaultdict(Decimal), defaultdict(Decimal))
            stage = ev.get("stage") or ""
            row.stages[stage] += 1
            amount = exact_decimal(ev.get("amount"))
            if amount is None:
                continue
            currency = ev.get("currency") or "CNY"
            if currency != "CNY":
                row.other[currency] += amount
            elif ev.get("kind") == "aggregate":
                row.aggregate_amount += amount
            else:
                row.project_amount += amount
                row.stage_amounts[stage] += amount
    return sorted(rows.values(), key=lambda r: (-r.project_amount, -r.aggregate_amount, -r.events, r.place))


def bar_chart(rows: list[PlaceRow], top: int = 12) -> str:
    """An inline SVG: project-event CNY amounts (亿元) by place, stacked by stage."""
    rows = [r for r in rows if r.project_amount > 0][:top]
    if not rows:
        return '<p class="empty">No project event states a CNY amount.</p>'
    label_w, bar_w, row_h, pad = 150, 420, 26, 8
    width, height = label_w + bar_w + 110, pad * 2 + row_h * len(rows) + 24
    peak = max(r.project_amount for r in rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
             f'style="max-width:{width}px" '
             f'viewBox="0 0 {width} {height}" font-size="12" '
             f'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif">',
             '<title>Project investment by place (亿元)</title>']
    for i, r in enumerate(rows):
        y = pad + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{_e(r.place)}</text>')
        x = float(label_w)
        for stage in STAGES:
            amt = r.stage_amounts.get(stage)
            if not amt:
                continue
            w = float(amt / peak) * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
                         f'fill="{STAGE_COLORS[stage]}"><title>{_e(r.place)} {_e(stage or "no stage")}: '
                         f'{_e(format_amount(amt, "CNY"))}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{_e(format_amount(r.project_amount, "CNY"))}</text>')
    ly = pad + len(rows) * row_h + 12
    lx = label_w
    for stage in STAGES:
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{STAGE_COLORS[stage]}"/>'
                     f'<text x="{lx + 14}" y="{ly}">{_e(stage or "no stage")}</text>')
        lx += 90
    parts.append("</svg>")
    return "".join(parts)


def _summary_html(docs: list[dict[str, Any]]) -> str:
    rows = summarize(docs)
    labels = Counter(m.get("label") for d in docs for m in d.get("mentions") or ())
    kinds = Counter(e.get("kind") for d in docs for e in d.get("events") or ())
    total_project = sum((r.project_amount for r in rows), Decimal(0))
    total_aggregate = sum((r.aggregate_amount for r in rows), Decimal(0))
    head = "".join(f"<th class=num>{_e(s or 'no stage')}</th>" for s in STAGES)
    body = []
    for r in rows:
        cells = "".join(f"<td class=num>{r.stages.get(s, 0) or ''}</td>" for s in STAGES)
        other = "; ".join(f"{plain(v / _YI)}亿 {c}" for c, v in sorted(r.other.items()))
        amounts = "".join(f"<td class=num>{_e(format_amount(a, 'CNY') if a else '')}</td>"
                          for a in (r.project_amount, r.aggregate_amount))
        body.append(f"<tr><td class=place>{_e(r.place)}</td><td class='note nowrap'>{_e(r.parents)}</td>{cells}"
                    f"<td class=num>{r.events}</td>{amounts}<td>{_e(other)}</td></tr>")
    table = (f"<table class=summary><thead><tr><th>place</th><th>in</th>{head}<th class=num>events</th>"
             f"<th class=num>project amount</th><th class=num>aggregate amount</th><th>other currencies</th>"
             f"</tr></thead><tbody>{''.join(body)}</tbody></table>")
    legend = "".join(f'<span class="ent-{k}" style="background:{v}">{k} {labels.get(k, 0)}</span>'
                     for k, v in COLORS.items())
    return (f'<section id="summary"><h2>Summary</h2><p class=meta>{len(docs)} documents · '
            f'{sum(labels.values())} mentions · {kinds.get("project", 0)} project events · '
            f'{kinds.get("aggregate", 0)} aggregate events · project amounts {_e(format_amount(total_project, "CNY"))}'
            f' · aggregate amounts {_e(format_amount(total_aggregate, "CNY"))}</p>'
            f'<div class=legend>{legend}</div><h3>Project investment by place</h3>{bar_chart(rows)}'
            f'<h3>Events by place and stage</h3>{table}'
            '<p class=note>Amounts are exact sums of the events\' stated amounts in CNY. Aggregate events (batches) '
            'usually include the projects reported beside them, so the two columns are not added.</p></section>')


# -- documents --------------------------------------------------------------------------------------------------------

def _events_table(doc: dict[str, Any], text: str) -> str:
    events = doc.get("events") or []
    if not events:
        return '<p class="empty">No events.</p>'
    rows = []
    for i, ev in enumerate(events, 1):
        sent = ev.get("sentence")
        tip = text[sent[0]:sent[1]] if sent and isinstance(sent[0], int) else ""
        stage = ev.get("stage") or ""
        rows.append(
            f'<tr class="event" title="{_e(tip)}"><td class=num>{i}</td><td>{_e(ev.get("kind"))}</td>'
            f'<td><span class="tag stage-{_e(stage or "none")}">{_e(stage or "—")}</span></td>'
            f'<td class=place>{_e(ev.get("place"))}</td><td class=project>{_e(ev.get("project"))}</td><td>{_e(ev.get("investor"))}</td>'
            f'<td class=num>{_e(format_amount(ev.get("amount"), ev.get("currency")))}</td>'
            f'<td class=num>{_e(ev.get("project_count"))}</td><td class=nowrap>{_e(ev.get("date"))}</td></tr>')
    return ("<table class=events><thead><tr><th class=num>#</th><th>kind</th><th>stage</th><th>place</th>"
            "<th>project</th><th>investor</th><th class=num>amount</th><th class=num>count</th><th>date</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def _doc_html(n: int, doc: dict[str, Any]) -> str:
    text = doc.get("text") or ""
    marked, dropped = highlight(text, doc.get("mentions") or [])
    meta = [f"published {doc['published']}" if doc.get("published") else "no publication date",
            f"{len(doc.get('mentions') or [])} mentions", f"{len(doc.get('events') or [])} events"]
    url = doc.get("url") or doc.get("source_url")
    if url:
        meta.append(str(url))
    if dropped:
        meta.append(f"{dropped} crossing mentions not shown")
    title = doc.get("title")
    head = _e(doc.get("id") if doc.get("id") is not None else f"document {n}") + (f" — {_e(title)}" if title else "")
    return (f'<section class="doc" id="doc-{n}"><h2>{head}</h2><p class=meta>{_e(" · ".join(meta))}</p>'
            f'<div class=grid><div class="doc-text">{marked}</div><div class="doc-events">'
            f'{_events_table(doc, text)}</div></div></section>')


def render_report(docs: Iterable[dict[str, Any]], title: str = "cn_invest_ie report") -> str:
    """The report page for documents in the ANNOTATION.md shape with ``text`` (``id``, ``mentions``, ``events``;
    ``published``, ``url``, ``title`` shown when present)."""
    docs = list(docs)
    body = [_summary_html(docs)] + [_doc_html(i, d) for i, d in enumerate(docs, 1)]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)}</title>"
            f"<style>{_CSS}</style></head><body><header class=top><h1>{_e(title)}</h1>"
            f"<p>Investment mentions and events extracted from {len(docs)} documents</p></header>"
            f"<main>{''.join(body)}</main></body></html>\n")


# -- inputs -----------------------------------------------------------------------------------------------------------

def load_documents(paths: Iterable[str], *, published: str | None = None, extractor: Extractor | None = None,
                   ) -> Iterator[dict[str, Any] | InputError]:
    """Documents for the report from extraction JSONL that includes ``text`` (used as is) or raw inputs (``.txt``,
    ``.html``, JSONL without ``mentions``, ``-``), which are extracted here. Bad inputs come as ``InputError``."""
    from cn_invest_ie.io.jsonl import InputError, InputRecord, read_inputs

    def run(rec: InputRecord) -> dict[str, Any]:
        nonlocal extractor
        if extractor is None:
            from cn_invest_ie.api import Extractor

            extractor = Extractor()
        doc = extractor.extract(rec.text, published=rec.published or published, id=rec.id).to_dict()
        for k, v in rec.extra.items():
            doc.setdefault(k, v)
        doc["text"] = rec.text
        return doc

    for p in paths:
        if p.lower().endswith((".html", ".htm")):
            from cn_invest_ie.io.html import read_html_file

            item = read_html_file(p)
            yield item if isinstance(item, InputError) else run(item)
            continue
        if p == "-" or p.lower().endswith((".jsonl", ".json", ".ndjson")):
            try:
                data = sys.stdin.read() if p == "-" else Path(p).read_text(encoding="utf-8-sig")
            except OSError as exc:
                yield InputError(p, 0, f"cannot read ({exc.strerror or exc})")
                continue
            if data.lstrip().startswith("{"):
                yield from _jsonl_docs(data, "<stdin>" if p == "-" else p, run)
                continue
            if p == "-":
                yield run(InputRecord("stdin", data, None, "<stdin>")) if data.strip() else InputError(
                    "<stdin>", 0, "empty input")
                continue
        for item in read_inputs([p]):
            yield item if isinstance(item, InputError) else run(item)


def _jsonl_docs(data: str, source: str, run: Any) -> Iterator[dict[str, Any] | InputError]:
    from cn_invest_ie.io.jsonl import InputError, InputRecord

    for lineno, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(source, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputError(source, lineno, "missing 'text' (the report needs the text the offsets index)")
            continue
        if "mentions" in obj:
            obj.setdefault("id", f"{Path(source).stem}:{lineno}")
            yield obj
        else:
            extra = {k: v for k, v in obj.items() if k not in ("id", "text", "published")}
            doc_id = str(obj.get("id") if obj.get("id") is not None else f"{Path(source).stem}:{lineno}")
            yield run(InputRecord(doc_id, obj["text"], obj.get("published"), source, lineno, extra))


def write_report(paths: Iterable[str], out: str, *, published: str | None = None, quiet: bool = True,
                 title: str = "cn_invest_ie report") -> tuple[int, list[InputError]]:
    """Render the report of ``paths`` into ``out`` (``-`` = stdout); returns (documents shown, input errors)."""
    from cn_invest_ie.io.writers import Progress

    docs: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for item in Progress(label="report", quiet=quiet).iter(load_documents(paths, published=published)):
        if isinstance(item, dict):
            docs.append(item)
        else:
            errors.append(item)
    page = render_report(docs, title=title)
    if out == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        Path(out).write_text(page, encoding="utf-8")
    return len(docs), errors
