"""Saved web pages in: encodings (UTF-8, GBK declared as GB2312, wrong or missing declarations), the fast path for
government CMS containers, metadata, trafilatura for other pages, and offsets into the extracted text."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from cn_invest_ie.io.html import decode_html, extract_html, html_to_record, iso_date, read_html_file
from cn_invest_ie.io.jsonl import InputError, InputRecord

FIXTURES = Path(__file__).parent / "fixtures" / "html"
UTF8 = FIXTURES / "yibin_utf8.html"
GBK = FIXTURES / "jialing_gbk.html"
BLOG = FIXTURES / "blog_article.html"
HAS_TRAFILATURA = importlib.util.find_spec("trafilatura") is not None


def _record(path: Path) -> InputRecord:
    rec = read_html_file(str(path))
    assert isinstance(rec, InputRecord), rec
    return rec


def test_utf8_government_page_fast_path() -> None:
    rec = _record(UTF8)
    assert rec.id == "yibin_utf8"
    assert rec.published == "2023-06-02"  # <meta name="PubDate">
    assert rec.text.startswith("叙州区签约3个重大项目 总投资86.5亿元\n\n5月31日，叙州区与")
    assert rec.extra["extractor"] == "fastpath"
    assert rec.extra["title"] == "叙州区签约3个重大项目 总投资86.5亿元"
    assert rec.extra["content_source"] == "宜宾日报"
    assert rec.extra["source_url"] == "http://www.example.gov.cn/xwzx/202306/t20230602_1.html"
    assert rec.extra["encoding"] == "utf-8"
    assert rec.extra["text"] == rec.text
    # no navigation, scripts, hidden paragraphs or footer; entities decoded; CJK line break dropped
    for absent in ("首页", "999亿元", "广告", "隐藏", "版权所有", "\u3000", "\xa0"):
        assert absent not in rec.text
    assert "R&D中心同步开工。" in rec.text
    assert "项目2个，总投资36.5亿元" in rec.text


def test_gbk_page_declared_gb2312_is_read_as_gb18030() -> None:
    raw = GBK.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")  # 镕 is outside GB2312: a strict GB2312 reader would fail
    rec = _record(GBK)
    assert rec.extra["encoding"] == "gb18030"
    assert "镕达机械有限公司精密铸件项目投资8亿元" in rec.text
    assert rec.text.startswith("南充市嘉陵区招商引资项目集中签约\n\n5月16日")  # title from <title>, site name cut
    assert rec.published == "2023-05-18"  # from the 发布时间 line outside the body
    assert rec.extra["source_url"] == "http://www.example.gov.cn/art/2023/5/18/art_1.html"  # "saved from url"
    assert "打印本页" not in rec.text and "政务公开" not in rec.text


def test_wrong_or_missing_declaration_falls_back_to_detection() -> None:
    body = "<html><head>{meta}</head><body><div id='zoom'><p>　　嘉陵区签约项目6个，协议总投资42亿元，镕达项目开工。</p></div></body></html>"
    wrong = body.format(meta='<meta charset="utf-8">').encode("gbk")
    html, enc = decode_html(wrong)
    assert enc == "gb18030+detected" and "镕达项目" in html
    missing = body.format(meta="").encode("gbk")
    html, enc = decode_html(missing)
    assert enc == "gb18030" and "镕达项目" in html
    bom = "\ufeff".encode() + body.format(meta='<meta charset="gbk">').encode("utf-8")
    assert decode_html(bom)[1] == "utf-8"  # a byte-order mark wins over the declaration
    rec = html_to_record(wrong, "http://example.gov.cn/a/page42.html")
    assert rec.id == "page42" and rec.extra["source_url"] == "http://example.gov.cn/a/page42.html"


def test_extract_html_offsets_index_the_extracted_text_and_use_the_page_date(extractor) -> None:
    doc = extract_html(UTF8.read_bytes(), extractor, source=str(UTF8))
    assert doc.text == _record(UTF8).text
    assert doc.id == "yibin_utf8" and doc.published == "2023-06-02"
    assert doc.meta["extractor"] == "fastpath" and doc.meta["title"].startswith("叙州区")
    assert doc.mentions
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text
    dates = {m.text: m.value for m in doc.mentions if m.label.value == "DATE"}
    assert dates["5月31日"] == "2023-05-31"  # year from the page's PubDate
    out = doc.to_dict()
    assert out["extractor"] == "fastpath" and "text" not in out
    # str input skips decoding; an explicit date overrides the page's
    doc2 = extract_html(GBK.read_bytes().decode("gb18030"), extractor, published="2022-05-20")
    assert doc2.published == "2022-05-20"


@pytest.mark.skipif(not HAS_TRAFILATURA, reason="trafilatura (the html extra) is not installed")
def test_other_pages_go_to_trafilatura() -> None:
    rec = _record(BLOG)
    assert rec.extra["extractor"] == "trafilatura"
    assert rec.published == "2024-03-08"
    assert "遂宁高新区与江苏某储能科技有限公司签约年产10GWh储能电池项目，总投资60亿元。" in rec.text
    assert "联系我们" not in rec.text


@pytest.mark.skipif(HAS_TRAFILATURA, reason="trafilatura is installed")
def test_other_pages_without_trafilatura_name_the_extra() -> None:
    err = read_html_file(str(BLOG))
    assert isinstance(err, InputError) and "cn_invest_ie[html]" in err.message


def test_bad_files_are_input_errors(tmp_path: Path) -> None:
    missing = read_html_file(str(tmp_path / "nope.html"))
    assert isinstance(missing, InputError) and "no such file" in str(missing)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  ")
    assert isinstance(read_html_file(str(empty)), InputError)


def test_iso_date_forms() -> None:
    assert iso_date("2021-12-24 10:00") == "2021-12-24"
    assert iso_date("2021年1月8日") == "2021-01-08"
    assert iso_date("20211224") == "2021-12-24"
    assert iso_date("2021-02-30") is None and iso_date(None) is None


def test_html_module_imports_no_optional_dependency() -> None:
    code = "import sys, cn_invest_ie.io.html; print([m for m in ('trafilatura', 'lxml') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
