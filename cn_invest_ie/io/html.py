"""Saved web pages of press releases as input documents.

A page goes through three steps, each recorded in the result so that the spans stay verifiable:

1. **Encoding**: a byte-order mark, else the page's own declaration (``<meta charset>``, the HTTP-style
   ``<meta http-equiv="Content-Type" content="text/html; charset=...">`` or an XML declaration), else detection
   (UTF-8, then GB18030, then ``charset_normalizer`` when installed). GB2312 and GBK are always read as their
   superset GB18030, so characters such as 镕 that pages declared as GB2312 still use are not lost.
2. **Article**: a fast path reads the body containers that Chinese government CMSs use (``TRS_Editor``,
   ``#UCAP-CONTENT``, ``#zoom``, ``.pages_content``...) and the metadata tags of the government-site
   specification (``ArticleTitle``, ``PubDate``, ``ContentSource``, ``Url``). Pages without such a container go
   to trafilatura (the optional ``html`` extra: ``pip install "cn_invest_ie[html]"``).
3. **Text**: the title, a blank line, then one paragraph per line. That string is the ``text`` whose code-point
   offsets the mentions carry; it is kept in the output (``extra["text"]``) together with ``title``, ``source``,
   ``source_url``, ``content_source``, ``encoding`` and ``extractor`` (``"fastpath"`` or ``"trafilatura"``).

The page's publication date (``PubDate``, ``article:published_time``, a ``发布时间：`` line, or trafilatura's) becomes
the record's ``published`` and so anchors dates without a year.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cn_invest_ie.io.jsonl import InputError, InputRecord

if TYPE_CHECKING:
    from cn_invest_ie.api import Extractor
    from cn_invest_ie.types import Document

__all__ = ["HtmlArticle", "decode_html", "extract_html", "html_to_record", "parse_article", "read_html_file"]

_GB_ALIASES = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb2312-80", "cp936", "euc-cn", "euccn", "ms936",
                         "csgb2312", "chinese", "iso-ir-58", "gb18030", "windows-936"})
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""", re.I)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
                    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tr", "ul"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "select", "button"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# CSS Text 3: a line break between two East Asian wide characters renders as nothing, not as a space.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WIDE_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")
# Body containers of the CMSs behind most Chinese government sites, most specific first: (attribute, value).
_CONTAINERS: tuple[tuple[str, str], ...] = (
    ("class", "trs_editor_view"), ("class", "trs_ueditor"), ("class", "trs_editor"), ("id", "ucap-content"),
    ("class", "pages_content"), ("id", "zoom"), ("id", "fontzoom"), ("class", "article-content"),
    ("id", "articlecontent"), ("class", "art_con"), ("class", "news_content"), ("class", "article_con"),
)
_MIN_BODY = 20
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LINE = re.compile(r"(?:发布时间|发布日期|发文日期|时间|日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")


# -- encoding --------------------------------------------------------------------------------------------------

def _canonical_encoding(name: str) -> str | None:
    name = name.strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gb2312", "gbk") else codec


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares in its first 16 KiB (meta tags or XML declaration), canonical, or None."""
    head = data[:16384]
    for pattern in (_XML_DECL, _META_CHARSET):
        m = pattern.search(head)
        if m:
            enc = _canonical_encoding(m.group(1).decode("ascii", "replace"))
            if enc and not enc.startswith("utf-16"):  # a page read as bytes cannot really be UTF-16 with ASCII meta
                return enc
    return None


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a page: BOM, else the declared encoding, else detection. Returns ``(html, encoding)``.

    ``encoding`` names what was used, with ``+detected`` when the declaration was missing or wrong and
    ``+replaced`` when no encoding fitted and undecodable bytes became U+FFFD.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc + ("+detected" if declared else "")
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer is usually present
        best = None
    else:
        best = from_bytes(data).best()
    if best is not None and best.encoding:
        enc = _canonical_encoding(best.encoding) or best.encoding
        return data.decode(enc, "replace"), enc + "+detected"
    return data.decode("gb18030", "replace"), "gb18030+replaced"


# -- a small tolerant DOM -----------------------------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]
        self.metas: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.title_parts: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self.metas.append(a)
        elif tag == "link":
            self.links.append(a)
        node = _Node(tag, a)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "title":
            self.title_parts.append(data)
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _iter_nodes(node: _Node) -> Any:
    yield node
    for child in node.children:
        if isinstance(child, _Node):
            yield from _iter_nodes(child)


def _node_text(node: _Node) -> str:
    """Rendered text of ``node``: one line per block, HTML whitespace collapsed, indentation stripped."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _HTML_SPACE.sub(" ", _WIDE_BREAK.sub("", "".join(buf))).strip(" \t\n\r\f\u3000\xa0")
        if line:
            lines.append(line)
        buf.clear()

    def walk(n: _Node) -> None:
        for child in n.children:
            if isinstance(child, str):
                buf.append(child)
                continue
            if child.tag in _SKIP or "display:none" in child.attrs.get("style", "").replace(" ", "").lower():
                continue
            block = child.tag in _BLOCK
            if block:
                flush()
            elif child.tag in ("td", "th"):
                buf.append(" ")
            walk(child)
            if block:
                flush()

    walk(node)
    flush()
    return "\n".join(lines)


# -- article ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HtmlArticle:
    """What was read from a page: ``text`` (title, blank line, body) is what mention offsets index."""

    text: str
    title: str | None
    body: str
    published: str | None
    extractor: str
    source_url: str | None = None
    content_source: str | None = None


def iso_date(value: str | None) -> str | None:
    """``2021-12-24 10:00``, ``2021/12/24``, ``2021年12月24日`` -> ``2021-12-24``; None when no valid date."""
    if not value:
        return None
    m = _DATE.search(value)
    if not m:
        m8 = re.search(r"\b((?:19|20)\d{2})(\d{2})(\d{2})\b", value)
        if not m8:
            return None
        m = m8
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _meta_map(metas: list[dict[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in metas:
        key = (a.get("name") or a.get("property") or a.get("itemprop") or "").strip().lower()
        if key and "content" in a and key not in out:
            out[key] = a["content"].strip()
    return out


def _find_container(root: _Node) -> _Node | None:
    nodes = [n for n in _iter_nodes(root) if n.tag not in _SKIP]
    for attr, value in _CONTAINERS:
        for n in nodes:
            got = n.attrs.get(attr, "").lower()
            hit = value.lower() in got.split() if attr == "class" else got == value.lower()
            if hit and len(_node_text(n)) >= _MIN_BODY:
                return n
    return None


def _clean_title(raw: str | None) -> str | None:
    if not raw:
        return None
    title = _HTML_SPACE.sub(" ", raw).strip(" \u3000\xa0")
    for sep in ("_", "|", " - ", "——"):  # "标题_某某市人民政府": keep the headline part
        head = title.split(sep)[0].strip()
        if sep in title and len(head) >= 6:
            return head
    return title or None


def _with_title(title: str | None, body: str) -> str:
    if not title:
        return body
    first = body.split("\n", 1)[0]
    if first.strip() == title.strip():
        return body
    return f"{title}\n\n{body}"


def parse_article(html: str, source: str = "") -> HtmlArticle:
    """Title, body text and metadata of a decoded page. Raises ``ValueError`` when no article body is found."""
    tb = _TreeBuilder()
    tb.feed(html)
    tb.close()
    meta = _meta_map(tb.metas)
    title = _clean_title(meta.get("articletitle") or meta.get("og:title")) or None
    source_url = meta.get("url") or meta.get("og:url") or None
    if not source_url:
        source_url = next((a.get("href") for a in tb.links if a.get("rel", "").lower() == "canonical"), None)
    if not source_url:
        source_url = next((m.group(1) for c in tb.comments if (m := _SAVED_FROM.search(c))), None)
    if not source_url and source.startswith(("http://", "https://")):
        source_url = source
    published = iso_date(meta.get("pubdate") or meta.get("publishdate") or meta.get("article:published_time")
                         or meta.get("firstpublishedtime"))
    content_source = meta.get("contentsource") or None

    container = _find_container(tb.root)
    if container is not None:
        body = _node_text(container)
        if not title:
            h1 = next((n for n in _iter_nodes(tb.root) if n.tag == "h1" and _node_text(n)), None)
            title = _clean_title(_node_text(h1) if h1 else "".join(tb.title_parts))
        if not published:
            page = _node_text(tb.root)
            m = _DATE_LINE.search(page)
            published = iso_date(m.group(1)) if m else None
        return HtmlArticle(_with_title(title, body), title, body, published, "fastpath", source_url, content_source)

    try:
        import trafilatura
    except ImportError as exc:
        raise ValueError('no known article container; install the html extra for other pages: '
                         'pip install "cn_invest_ie[html]"') from exc
    result = trafilatura.bare_extraction(html, url=source_url, with_metadata=True, include_comments=False,
                                         include_tables=True)
    data: dict[str, Any] = {}
    if result is not None:
        data = result if isinstance(result, dict) else result.as_dict()
    body = (data.get("text") or "").strip()
    if not body:
        raise ValueError("no article text found in the page")
    body = "\n".join(line.strip(" \u3000\xa0") for line in body.splitlines() if line.strip(" \u3000\xa0"))
    title = title or _clean_title(data.get("title") or "".join(tb.title_parts))
    published = published or iso_date(data.get("date"))
    return HtmlArticle(_with_title(title, body), title, body, published, "trafilatura",
                       source_url or data.get("url"), content_source)


# -- input records ------------------------------------------------------------------------------------------------

def _doc_id(source: str) -> str:
    tail = source.rstrip("/").rsplit("/", 1)[-1] if source else ""
    return Path(tail).stem or "html"


def html_to_record(data: bytes, source: str) -> InputRecord:
    """An input record from a page's bytes: ``text`` is the extracted article, ``extra`` says how it was read.

    ``source`` is the file path or address (the id is its stem). Raises ``ValueError`` when no article is found.
    """
    html, encoding = decode_html(data)
    art = parse_article(html, source)
    extra: dict[str, Any] = {"text": art.text, "title": art.title, "source": source}
    if art.source_url:
        extra["source_url"] = art.source_url
    if art.content_source:
        extra["content_source"] = art.content_source
    extra["encoding"] = encoding
    extra["extractor"] = art.extractor
    return InputRecord(_doc_id(source), art.text, art.published, source, 0, extra)


def read_html_file(path: str) -> InputRecord | InputError:
    """The article of a saved page at ``path``, or an :class:`InputError` naming the file."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return InputError(path, 0, "no such file")
    except OSError as exc:
        return InputError(path, 0, f"cannot read ({exc.strerror})")
    if not data.strip():
        return InputError(path, 0, "empty file")
    try:
        return html_to_record(data, path)
    except ValueError as exc:
        return InputError(path, 0, str(exc))


def extract_html(data: bytes | str, extractor: Extractor | None = None, *, source: str = "",
                 published: str | None = None) -> Document:
    """Extract mentions and events from a web page (bytes are decoded as :func:`decode_html` says).

    ``Document.text`` is the extracted article text the offsets index; ``Document.meta`` holds ``title``,
    ``source_url``, ``extractor``... ``published`` overrides the page's date. Raises ``ValueError`` when the
    page has no article.
    """
    from cn_invest_ie.api import Extractor

    if isinstance(data, str):
        art = parse_article(data, source)
        extra: dict[str, Any] = {"title": art.title, "source_url": art.source_url,
                                 "content_source": art.content_source, "extractor": art.extractor}
        text, page_date, doc_id = art.text, art.published, _doc_id(source) if source else None
    else:
        rec = html_to_record(data, source)
        extra = {k: v for k, v in rec.extra.items() if k != "text"}
        text, page_date, doc_id = rec.text, rec.published, rec.id if source else None
    global _default_extractor
    if extractor is None:
        if _default_extractor is None:
            _default_extractor = Extractor()
        extractor = _default_extractor
    doc = extractor.extract(text, published=published or page_date, id=doc_id)
    return replace(doc, meta={k: v for k, v in extra.items() if v})


_default_extractor: Extractor | None = None
