"""Conversion between the ANNOTATION.md JSONL and annotation tools: doccano, Label Studio, brat.

Every format carries the same three things (details and examples in ``docs/formats.md``):

- **Mentions** as the tool's labelled spans (label = ANNOTATION.md label).
- **Events** as relations from an *anchor* mention: the event's MONEY amount when it has one, else its PROJECT,
  its investor ORG, its PLACE, its DATE (the first not already anchoring another event). Relations go from the
  anchor to the event's other argument mentions and are named by role: ``amount``, ``project``, ``investor``,
  ``place``, ``date``. Argument mentions are found from the event's ``evidence`` spans when present, else by value
  (``project``/``investor`` by text, ``place``/``date``/``amount`` by normalized value), preferring mentions inside
  the event's ``sentence``.
- **What the tool cannot hold** (mention values, currency, unit...; event kind, stage, project count, and fields no
  mention stands for) in a metadata object ``cn_invest_ie`` that the tools keep: a top-level key in doccano, a key
  of the task's ``data`` in Label Studio, a ``DOC.json`` file beside ``DOC.txt``/``DOC.ann`` for brat.

On import the spans and relations are authoritative: a span an annotator moved loses its stored value, an event
whose anchor was deleted is dropped, relations an annotator drew from a new anchor make a new ``project`` event.
Offsets are checked against the text (``text[start:end]`` must equal the span text the tool recorded) and
converted from UTF-16 code units where the tool counted them (browsers do: Label Studio and doccano put an emoji at
two units). Our own offsets are always code points.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

FORMATS = ("jsonl", "doccano", "labelstudio", "brat")
OFFSET_MODES = ("auto", "codepoint", "utf16")
ROLES = ("amount", "project", "investor", "place", "date")
ROLE_LABEL = {"amount": "MONEY", "project": "PROJECT", "investor": "ORG", "place": "PLACE", "date": "DATE"}
LABEL_ROLE = {v: k for k, v in ROLE_LABEL.items()}
LABELS = ("MONEY", "QUANTITY", "DATE", "PLACE", "ORG", "PROJECT")
EVENT_FIELDS = ("kind", "stage", "place", "project", "investor", "amount", "currency", "project_count", "date")
META_KEY = "cn_invest_ie"
_MENTION_CORE = ("label", "text", "start", "end")
_DOC_CORE = ("text", "mentions", "events")

LABEL_STUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="MONEY" background="#ffd166"/>
    <Label value="QUANTITY" background="#a0e7e5"/>
    <Label value="DATE" background="#b4f8c8"/>
    <Label value="PLACE" background="#fbc4ab"/>
    <Label value="ORG" background="#cdb4db"/>
    <Label value="PROJECT" background="#9bf6ff"/>
  </Labels>
  <Relations>
    <Relation value="amount"/><Relation value="project"/><Relation value="investor"/>
    <Relation value="place"/><Relation value="date"/>
  </Relations>
  <Text name="text" value="$text"/>
</View>
"""

BRAT_ANNOTATION_CONF = "\n".join([
    "[entities]", *LABELS, "", "[relations]",
    *(f"{role}\tArg1:MONEY|PROJECT|ORG|PLACE|DATE, Arg2:{label}" for role, label in ROLE_LABEL.items()),
    "", "[events]", "", "[attributes]", "",
])


class FormatError(ValueError):
    """A document that cannot be converted (bad offsets, a span not matching the text, a malformed record)."""


@dataclass(frozen=True)
class ConvertError:
    """One document that could not be read; ``str()`` is one line naming the source and document."""

    source: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.where}: {self.message}" if self.where else f"{self.source}: {self.message}"


# -- offsets ------------------------------------------------------------------------------------------------------

class Utf16Offsets:
    """Conversion between code-point offsets (Python ``str``) and UTF-16 code units (JavaScript strings)."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_utf16(self, i: int) -> int:
        return i + bisect_left(self.astral, i)

    def from_utf16(self, u: int) -> int | None:
        """The code point at UTF-16 unit ``u``; None when ``u`` falls inside a surrogate pair."""
        before = 0
        for j, a in enumerate(self.astral):
            unit = a + j  # the astral character's first unit
            if unit + 2 <= u:
                before += 1
            elif unit + 1 == u:
                return None
            else:
                break
        return u - before


def resolve_span(text: str, start: Any, end: Any, expected: str | None, prefer: tuple[str, ...]) -> tuple[int, int]:
    """Code-point ``(start, end)`` for a span a tool recorded, trying the offset counts in ``prefer`` order.

    A reading is accepted when it lies inside ``text``, is not empty and (when ``expected`` is given) its slice
    equals ``expected``. Raises :class:`FormatError` when none is.
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise FormatError(f"span offsets must be integers, got {start!r}, {end!r}")
    conv: Utf16Offsets | None = None
    for mode in prefer:
        if mode == "utf16":
            conv = conv or Utf16Offsets(text)
            if not conv.astral and "codepoint" in prefer:
                continue
            s, e = conv.from_utf16(start), conv.from_utf16(end)
            if s is None or e is None:
                continue
        else:
            s, e = start, end
        if 0 <= s < e <= len(text) and (expected is None or _same_span_text(text[s:e], expected)):
            return s, e
    got = text[start:end] if 0 <= start < end <= len(text) else "out of range"
    want = f", expected {expected!r}" if expected is not None else ""
    raise FormatError(f"span [{start}, {end}) does not fit the text (slice {got!r}{want})")


def _same_span_text(got: str, expected: str) -> bool:
    return got == expected or got.replace("\n", " ") == expected.replace("\n", " ")


def _prefer(mode: str, native: str) -> tuple[str, ...]:
    if mode == "codepoint":
        return ("codepoint",)
    if mode == "utf16":
        return ("utf16",)
    return (native, "codepoint" if native == "utf16" else "utf16")


# -- export planning: ours -> spans, relations, metadata -------------------------------------------------------------

def _key(m: dict[str, Any]) -> str:
    return f"{m['label']}:{m['start']}:{m['end']}"


def _num(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def _role_fields(role: str, m: dict[str, Any]) -> dict[str, Any]:
    """The event fields a mention gives when it fills ``role``."""
    if role == "amount":
        return {"amount": m.get("value"), "currency": m.get("currency")}
    if role in ("project", "investor"):
        return {role: m.get("text")}
    if role == "place":
        return {"place": m.get("value") if m.get("value") is not None else m.get("text")}
    return {"date": m.get("value")}


def _fits(role: str, m: dict[str, Any], event: dict[str, Any]) -> bool:
    if m.get("label") != ROLE_LABEL[role]:
        return False
    if role == "amount":
        return _num(m.get("value")) == _num(event.get("amount")) and m.get("currency") == event.get("currency")
    want = event.get(role)
    got = _role_fields(role, m)[role]
    return got == want or (role == "place" and m.get("text") == want)


def _find_arg(role: str, event: dict[str, Any], mentions: list[dict[str, Any]]) -> int | None:
    if event.get(role) is None:
        return None
    evidence = (event.get("evidence") or {}).get(role)
    if evidence:
        for i, m in enumerate(mentions):
            if m["label"] == ROLE_LABEL[role] and [m["start"], m["end"]] == list(evidence):
                return i
    hits = [i for i, m in enumerate(mentions) if _fits(role, m, event)]
    if not hits:
        return None
    sent = event.get("sentence")
    if sent:
        inside = [i for i in hits if sent[0] <= mentions[i]["start"] and mentions[i]["end"] <= sent[1]]
        if inside:
            return inside[0]
    return hits[0]


@dataclass
class _Plan:
    mentions: list[dict[str, Any]]
    relations: list[tuple[int, int, str]]  # (anchor index, argument index, role)
    meta: dict[str, Any]
    base: dict[str, Any]  # document keys other than text, mentions, events


def plan_export(doc: dict[str, Any]) -> _Plan:
    """Split one ANNOTATION.md document into spans, event relations and the metadata the tools cannot hold."""
    text = doc.get("text")
    if not isinstance(text, str):
        raise FormatError("document has no 'text' (convert needs the text the offsets index)")
    mentions = list(doc.get("mentions") or [])
    for m in mentions:
        check_mention(text, m)
    meta_mentions = {}
    for m in mentions:
        extra = {k: v for k, v in m.items() if k not in _MENTION_CORE}
        if extra:
            meta_mentions[_key(m)] = extra
    relations: list[tuple[int, int, str]] = []
    meta_events: list[dict[str, Any]] = []
    anchors: set[int] = set()
    for ev in doc.get("events") or []:
        args = {role: i for role in ROLES if (i := _find_arg(role, ev, mentions)) is not None}
        # only arguments whose mention gives back exactly the event's value are represented by a span
        args = {r: i for r, i in args.items() if _fields_match(_role_fields(r, mentions[i]), ev)}
        anchor_role = next((r for r in ROLES if r in args and args[r] not in anchors), None)
        entry: dict[str, Any] = {"anchor": None}
        covered: set[str] = set()
        if anchor_role is not None:
            a = args[anchor_role]
            anchors.add(a)
            entry["anchor"] = _key(mentions[a])
            for role, i in args.items():
                covered.update(_role_fields(role, mentions[i]))
                if role != anchor_role:
                    relations.append((a, i, role))
        entry.update({k: v for k, v in ev.items() if k not in covered})
        meta_events.append(entry)
    base = {k: v for k, v in doc.items() if k not in _DOC_CORE}
    meta = {"mentions": meta_mentions, "events": meta_events}
    return _Plan(mentions, relations, meta, base)


def _fields_match(fields: dict[str, Any], ev: dict[str, Any]) -> bool:
    for k, v in fields.items():
        if k == "amount":
            if _num(v) != _num(ev.get(k)):
                return False
        elif v != ev.get(k):
            return False
    return True


def check_mention(text: str, m: dict[str, Any]) -> None:
    """Raise :class:`FormatError` unless ``m`` is a labelled span whose ``text`` is ``text[start:end]``."""
    s, e = m.get("start"), m.get("end")
    if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= len(text):
        raise FormatError(f"mention {m.get('text')!r} has bad offsets [{s}, {e})")
    if m.get("label") not in LABELS:
        raise FormatError(f"mention {m.get('text')!r} has unknown label {m.get('label')!r}")
    if "text" in m and text[s:e] != m["text"]:
        raise FormatError(f"mention [{s}, {e}) is {text[s:e]!r} in the text, not {m['text']!r}")


# -- import assembly: spans, relations, metadata -> ours ---------------------------------------------------------------

def assemble(base: dict[str, Any], text: str, spans: list[tuple[Any, str, int, int]],
             relations: list[tuple[Any, Any, str]], meta: dict[str, Any] | None) -> dict[str, Any]:
    """One ANNOTATION.md document from checked code-point spans ``(native id, label, start, end)``, relations
    ``(from id, to id, role)`` and the stored metadata (may be None)."""
    meta = meta or {}
    stored = meta.get("mentions") or {}
    by_id: dict[Any, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    for nid, label, s, e in spans:
        if label not in LABELS:
            raise FormatError(f"span [{s}, {e}) has unknown label {label!r}")
        m = {"label": label, "text": text[s:e], "start": s, "end": e}
        m.update(stored.get(_key(m), {}))
        by_id[nid] = m
        mentions.append(m)
    mentions.sort(key=lambda m: m["start"])
    by_key = {_key(m): m for m in mentions}
    out_rel: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for src, dst, role in relations:
        if src not in by_id or dst not in by_id:
            raise FormatError(f"relation {role!r} refers to a missing span")
        if role not in ROLES:
            raise FormatError(f"unknown relation {role!r} (known: {', '.join(ROLES)})")
        out_rel.setdefault(_key(by_id[src]), []).append((role, by_id[dst]))

    def derived(anchor: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        role = LABEL_ROLE.get(anchor["label"])
        if role:
            fields.update(_role_fields(role, anchor))
        for r, m in out_rel.get(_key(anchor), []):
            fields.update(_role_fields(r, m))
        return fields

    events: list[dict[str, Any]] = []
    claimed: set[str] = set()
    for entry in meta.get("events") or []:
        anchor_key = entry.get("anchor")
        ev = {k: v for k, v in entry.items() if k != "anchor"}
        if anchor_key is not None:
            anchor = by_key.get(anchor_key)
            if anchor is None:
                continue  # the annotator deleted the anchor span: the event goes with it
            claimed.add(anchor_key)
            ev.update(derived(anchor))
        events.append(_event_order(ev))
    for anchor_key in out_rel:
        if anchor_key not in claimed:
            events.append(_event_order({"kind": "project", **derived(by_key[anchor_key])}))
    out = dict(base)
    out["text"] = text
    out["mentions"] = mentions
    out["events"] = events
    return out


def _event_order(ev: dict[str, Any]) -> dict[str, Any]:
    out = {k: ev.get(k) for k in EVENT_FIELDS}
    out.update({k: v for k, v in ev.items() if k not in out})
    return out


def _doc_id(base: dict[str, Any], fallback: str) -> dict[str, Any]:
    if base.get("id") is None:
        base = {"id": fallback, **{k: v for k, v in base.items() if k != "id"}}
    return base


# -- our JSONL -----------------------------------------------------------------------------------------------------

def _read_lines(lines: Iterable[str], source: str) -> Iterator[tuple[int, dict[str, Any] | ConvertError]]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, ConvertError(source, str(lineno), f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield lineno, ConvertError(source, str(lineno), "expected a JSON object")
            continue
        yield lineno, obj


def from_jsonl(obj: dict[str, Any]) -> dict[str, Any]:
    """An ANNOTATION.md record, checked: ``text`` present, every mention's slice equal to its ``text``."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise FormatError("missing 'text'")
    for m in obj.get("mentions") or []:
        check_mention(text, m)
    return obj


# -- doccano ---------------------------------------------------------------------------------------------------------

def to_doccano(doc: dict[str, Any], offsets: str = "auto") -> dict[str, Any]:
    """A doccano JSONL record (sequence labelling with relations). Offsets in UTF-16 units unless ``codepoint``."""
    plan = plan_export(doc)
    text = doc["text"]
    conv = Utf16Offsets(text) if offsets != "codepoint" else None
    pos = (lambda i: conv.to_utf16(i)) if conv else (lambda i: i)
    base = dict(plan.base)
    out: dict[str, Any] = {"doc_id": base.pop("id", None), "text": text}
    out["entities"] = [{"id": i + 1, "label": m["label"], "start_offset": pos(m["start"]), "end_offset": pos(m["end"])}
                       for i, m in enumerate(plan.mentions)]
    out["relations"] = [{"id": n + 1, "from_id": a + 1, "to_id": b + 1, "type": role}
                        for n, (a, b, role) in enumerate(plan.relations)]
    out.update(base)
    out[META_KEY] = plan.meta
    return out


def from_doccano(obj: dict[str, Any], fallback_id: str, offsets: str = "auto") -> dict[str, Any]:
    """An ANNOTATION.md document from a doccano record (``entities``/``relations`` or the older ``label`` list)."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise FormatError("missing 'text'")
    prefer = _prefer(offsets, "utf16")
    spans: list[tuple[Any, str, int, int]] = []
    if "entities" in obj:
        for ent in obj.get("entities") or []:
            s, e = resolve_span(text, ent.get("start_offset"), ent.get("end_offset"), None, prefer)
            spans.append((ent.get("id"), str(ent.get("label")), s, e))
    else:
        labels = obj.get("label") or obj.get("labels") or []
        for i, item in enumerate(labels):
            if not isinstance(item, (list, tuple)) or len(item) != 3:
                raise FormatError(f"label {item!r} is not [start, end, label]")
            s, e = resolve_span(text, item[0], item[1], None, prefer)
            spans.append((i, str(item[2]), s, e))
    relations = [(r.get("from_id"), r.get("to_id"), str(r.get("type"))) for r in obj.get("relations") or []]
    skip = {"text", "entities", "relations", "label", "labels", META_KEY, "doc_id", "id", "Comments"}
    base = {"id": obj.get("doc_id", obj.get("id"))}
    base.update({k: v for k, v in obj.items() if k not in skip})
    return assemble(_doc_id(base, fallback_id), text, spans, relations, obj.get(META_KEY))


# -- Label Studio ----------------------------------------------------------------------------------------------------

def to_labelstudio(doc: dict[str, Any], offsets: str = "auto", model_version: str | None = None) -> dict[str, Any]:
    """A Label Studio task with the document's mentions and events as ``predictions`` (pre-annotation)."""
    plan = plan_export(doc)
    text = doc["text"]
    conv = Utf16Offsets(text) if offsets != "codepoint" else None
    pos = (lambda i: conv.to_utf16(i)) if conv else (lambda i: i)
    result: list[dict[str, Any]] = []
    for i, m in enumerate(plan.mentions):
        result.append({"id": f"m{i}", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": pos(m["start"]), "end": pos(m["end"]), "text": m["text"],
                                 "labels": [m["label"]]}})
    for a, b, role in plan.relations:
        result.append({"type": "relation", "from_id": f"m{a}", "to_id": f"m{b}", "direction": "right",
                       "labels": [role]})
    if model_version is None:
        from cn_invest_ie import __version__

        model_version = f"cn_invest_ie-{__version__}"
    data = {"text": text, **plan.base, META_KEY: plan.meta}
    return {"data": data, "predictions": [{"model_version": model_version, "result": result}]}


def _ls_result(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The annotation to import: the last one not cancelled, else the first prediction."""
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if done:
        return list(done[-1].get("result") or [])
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    return list(preds[0].get("result") or []) if preds else []


def from_labelstudio(task: dict[str, Any], fallback_id: str, offsets: str = "auto") -> dict[str, Any]:
    """An ANNOTATION.md document from a Label Studio task (export "JSON")."""
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise FormatError("task has no data.text")
    text = data["text"]
    prefer = _prefer(offsets, "utf16")
    spans: list[tuple[Any, str, int, int]] = []
    relations: list[tuple[Any, Any, str]] = []
    for r in _ls_result(task):
        if r.get("type") == "relation":
            for role in r.get("labels") or []:
                relations.append((r.get("from_id"), r.get("to_id"), str(role)))
        elif r.get("type") in ("labels", "hypertextlabels") and isinstance(r.get("value"), dict):
            v = r["value"]
            s, e = resolve_span(text, v.get("start"), v.get("end"), v.get("text"), prefer)
            for label in v.get("labels") or []:
                spans.append((r.get("id"), str(label), s, e))
    base = {k: v for k, v in data.items() if k not in ("text", META_KEY)}
    if base.get("id") is None and task.get("id") is not None:
        base["id"] = str(task["id"])
    return assemble(_doc_id(base, fallback_id), text, spans, relations, data.get(META_KEY))


# -- brat standoff ---------------------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.\-]+")


def brat_name(doc_id: Any, used: set[str]) -> str:
    """A file name stem for ``doc_id``: unsafe characters replaced, made unique within the directory."""
    stem = _UNSAFE.sub("_", str(doc_id)).strip("._") or "doc"
    name, n = stem, 1
    while name in used:
        n += 1
        name = f"{stem}_{n}"
    used.add(name)
    return name


def to_brat(doc: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """``(txt, ann, sidecar)`` for one document: the text, the standoff lines, the metadata for ``DOC.json``."""
    plan = plan_export(doc)
    lines: list[str] = []
    notes: list[str] = []
    for i, m in enumerate(plan.mentions, 1):
        lines.append(f"T{i}\t{m['label']} {m['start']} {m['end']}\t{m['text'].replace(chr(10), ' ')}")
        if m.get("value") is not None:
            note = " ".join(str(x) for x in (m.get("value"), m.get("currency") or m.get("unit")) if x is not None)
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{i}\t{note}")
    for n, (a, b, role) in enumerate(plan.relations, 1):
        lines.append(f"R{n}\t{role} Arg1:T{a + 1} Arg2:T{b + 1}")
    sidecar = {**plan.base, META_KEY: plan.meta}
    return doc["text"], "".join(x + "\n" for x in lines + notes), sidecar


def from_brat(text: str, ann: str, sidecar: dict[str, Any] | None, fallback_id: str,
              offsets: str = "auto") -> dict[str, Any]:
    """An ANNOTATION.md document from brat ``.txt``/``.ann`` contents and the optional ``.json`` sidecar."""
    prefer = _prefer(offsets, "codepoint")
    spans: list[tuple[Any, str, int, int]] = []
    relations: list[tuple[Any, Any, str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T"):
            if len(parts) < 3:
                raise FormatError(f".ann line {lineno}: expected 'T<n>\\tLABEL START END\\tTEXT'")
            fields = parts[1].split(" ", 1)
            if len(fields) < 2 or ";" in fields[1]:
                raise FormatError(f".ann line {lineno}: discontinuous or malformed span {parts[1]!r}")
            try:
                start, end = (int(x) for x in fields[1].split())
            except ValueError as exc:
                raise FormatError(f".ann line {lineno}: bad offsets {fields[1]!r}") from exc
            s, e = resolve_span(text, start, end, parts[2], prefer)
            spans.append((parts[0], fields[0], s, e))
        elif line.startswith("R"):
            fields = parts[1].split() if len(parts) > 1 else []
            args = dict(f.split(":", 1) for f in fields[1:] if ":" in f)
            if not fields or "Arg1" not in args or "Arg2" not in args:
                raise FormatError(f".ann line {lineno}: expected 'R<n>\\tROLE Arg1:T<a> Arg2:T<b>'")
            relations.append((args["Arg1"], args["Arg2"], fields[0]))
        # notes (#), attributes (A/M), normalizations (N), events (E) and equivalences (*) are not read
    sidecar = sidecar or {}
    base = {k: v for k, v in sidecar.items() if k != META_KEY}
    return assemble(_doc_id(base, fallback_id), text, spans, relations, sidecar.get(META_KEY))


# -- files -----------------------------------------------------------------------------------------------------------

def detect_format(path: str, head: str | None = None) -> str:
    """The input format of ``path``: a directory is brat; else the first record's keys decide (``mentions`` ->
    jsonl, ``entities``/``label`` -> doccano, ``data`` -> labelstudio); our JSONL when unsure."""
    if path != "-" and Path(path).is_dir():
        return "brat"
    if head is None:
        with open(path, encoding="utf-8-sig") as f:
            head = f.read(1 << 16)
    stripped = head.lstrip()
    if stripped.startswith("["):
        return "labelstudio"
    first = stripped.split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return "jsonl"
    if isinstance(obj, dict):
        if "data" in obj and "text" not in obj:
            return "labelstudio"
        if "mentions" not in obj and ("entities" in obj or "label" in obj or META_KEY in obj):
            return "doccano"
    return "jsonl"


def read_documents(path: str, fmt: str = "auto", offsets: str = "auto") -> Iterator[dict[str, Any] | ConvertError]:
    """ANNOTATION.md documents from ``path`` (``-`` = stdin) in ``fmt``; a bad document is a :class:`ConvertError`
    and the others still come."""
    if fmt not in FORMATS and fmt != "auto":
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if offsets not in OFFSET_MODES:
        raise ValueError(f"unknown offsets {offsets!r}; known: {', '.join(OFFSET_MODES)}")
    if fmt == "brat" or (fmt == "auto" and path != "-" and Path(path).is_dir()):
        yield from _read_brat_dir(path, offsets)
        return
    source = "<stdin>" if path == "-" else path
    if path == "-":
        data = sys.stdin.read()
    else:
        with open(path, encoding="utf-8-sig") as f:
            data = f.read()
    if fmt == "auto":
        fmt = detect_format(path, data[: 1 << 16])
    stem = Path(path).stem if path != "-" else "stdin"
    if fmt == "labelstudio":
        yield from _read_labelstudio(data, source, stem, offsets)
        return
    for lineno, obj in _read_lines(data.splitlines(), source):
        if isinstance(obj, ConvertError):
            yield obj
            continue
        try:
            if fmt == "doccano":
                yield from_doccano(obj, f"{stem}:{lineno}", offsets)
            else:
                yield _doc_id(from_jsonl(obj), f"{stem}:{lineno}")
        except FormatError as exc:
            yield ConvertError(source, f"{lineno} ({obj.get('id', obj.get('doc_id', '?'))})", str(exc))


def _read_labelstudio(data: str, source: str, stem: str, offsets: str) -> Iterator[dict[str, Any] | ConvertError]:
    stripped = data.lstrip()
    tasks: list[Any]
    if stripped.startswith("["):
        try:
            tasks = json.loads(data)
        except json.JSONDecodeError as exc:
            yield ConvertError(source, "", f"invalid JSON ({exc.msg} at line {exc.lineno})")
            return
    else:  # one task per line
        tasks = []
        for _lineno, obj in _read_lines(data.splitlines(), source):
            if isinstance(obj, ConvertError):
                yield obj
            else:
                tasks.append(obj)
    for i, task in enumerate(tasks, 1):
        if not isinstance(task, dict):
            yield ConvertError(source, f"task {i}", "expected a JSON object")
            continue
        try:
            yield from_labelstudio(task, f"{stem}:{i}", offsets)
        except FormatError as exc:
            yield ConvertError(source, f"task {i}", str(exc))


def _read_brat_dir(path: str, offsets: str) -> Iterator[dict[str, Any] | ConvertError]:
    folder = Path(path)
    if not folder.is_dir():
        yield ConvertError(path, "", "brat input must be a directory of .txt/.ann files")
        return
    files = sorted(folder.glob("*.txt"))
    if not files:
        yield ConvertError(path, "", "no .txt files")
    for txt in files:
        try:
            text = txt.read_text(encoding="utf-8")
            ann_path, side_path = txt.with_suffix(".ann"), txt.with_suffix(".json")
            ann = ann_path.read_text(encoding="utf-8") if ann_path.exists() else ""
            sidecar = json.loads(side_path.read_text(encoding="utf-8")) if side_path.exists() else None
            yield from_brat(text, ann, sidecar, txt.stem, offsets)
        except (FormatError, OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield ConvertError(str(txt), "", str(exc))


def write_documents(docs: Iterable[dict[str, Any]], path: str, fmt: str = "jsonl", offsets: str = "auto") -> int:
    """Write documents to ``path`` (``-`` = stdout; brat needs a directory) in ``fmt``; returns how many.

    Raises :class:`FormatError` for a document that cannot be exported (no text, a mention off its text).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "brat":
        return _write_brat(docs, path)
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
    n = 0
    try:
        if fmt == "labelstudio":
            out.write("[\n")
            for doc in docs:
                out.write((",\n" if n else "") + json.dumps(to_labelstudio(doc, offsets), ensure_ascii=False))
                n += 1
            out.write("\n]\n")
        else:
            for doc in docs:
                rec = to_doccano(doc, offsets) if fmt == "doccano" else _jsonl_record(doc)
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    return n


def _jsonl_record(doc: dict[str, Any]) -> dict[str, Any]:
    from_jsonl(doc)
    return doc


def _write_brat(docs: Iterable[dict[str, Any]], path: str) -> int:
    if path == "-":
        raise ValueError("brat output is a directory of files; give -o DIR")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "annotation.conf").write_text(BRAT_ANNOTATION_CONF, encoding="utf-8")
    used: set[str] = set()
    n = 0
    for doc in docs:
        txt, ann, sidecar = to_brat(doc)
        name = brat_name(doc.get("id"), used)
        with open(folder / f"{name}.txt", "w", encoding="utf-8", newline="") as f:
            f.write(txt)
        with open(folder / f"{name}.ann", "w", encoding="utf-8", newline="") as f:
            f.write(ann)
        (folder / f"{name}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8")
        n += 1
    return n


@dataclass
class ConvertResult:
    written: int
    errors: list[ConvertError]


def convert(src: str, dst: str, from_fmt: str = "auto", to_fmt: str = "jsonl", *, offsets: str = "auto",
            quiet: bool = True) -> ConvertResult:
    """Convert ``src`` (file, brat directory or ``-``) to ``dst``; bad documents are skipped and returned.

    ``quiet=False`` draws a progress bar on stderr when it is a terminal.
    """
    from cn_invest_ie.io.writers import Progress

    errors: list[ConvertError] = []
    progress = Progress(label="convert", quiet=quiet)

    def good() -> Iterator[dict[str, Any]]:
        for item in progress.iter(read_documents(src, from_fmt, offsets)):
            if isinstance(item, ConvertError):
                errors.append(item)
                continue
            try:
                plan_export(item)
            except FormatError as exc:
                errors.append(ConvertError(src, str(item.get("id")), str(exc)))
                continue
            yield item

    n = write_documents(good(), dst, to_fmt, offsets)
    return ConvertResult(n, errors)
