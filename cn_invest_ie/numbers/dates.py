"""DATE candidates: calendar days, with the year and month inferred as ANNOTATION.md says.

Forms: ``2021年1月8日``, ``11月30日``, ``12月14号``, Chinese numerals (``二〇二一年十二月二十四日``), a range's second
day (``12月13日至23日``), a day alone (``6日``; after 本月/上月 its month is the publication's or the one before), and scraped text that lost its 月 (``96日`` -> 9月6日). Relative
words (同日, 今日, 日前) and year-only or month-only expressions are not DATE mentions; numeric-dash dates
(``2021-12-24``) are page metadata, not mentions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

import regex

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.candidates import Candidate
from cn_invest_ie.numbers.numerals import NumeralError, parse_numeral
from cn_invest_ie.types import Label

_CN = "〇零○一二三四五六七八九十廿卅"
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
# A day alone is not a date after these (每日, 第3日, 近10日, 个工作日...).
_DAY_BLOCK_BEFORE = frozenset("每个第近数几前后余多约.")
# A day after these month words takes its month from them: 本月 the publication month, 上月 the one before;
# 当月/同月 ("that month") the month of the previous date, as a day alone does.
_RELATIVE_MONTHS = {"本月": 0, "上月": -1, "当月": None, "同月": None}
_LOST_MONTH_BEFORE = frozenset(" \t\n\r，,。；;：:、！!？?）)“”\"'于在至")


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    year: int | None  # stated year
    month: int | None  # None for a day alone
    day: int
    rel_year: int | None = None  # offset from the publication year (去年 = -1)
    month_options: tuple[tuple[int, int], ...] = ()  # lost-月 readings (month, day)
    rel_month: int | None = None  # a day after 本月 (0) or 上月 (-1): offset from the publication month


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class DatePatterns:
    """The compiled date patterns, built on first use and owned by an instance."""

    @cached_property
    def full(self) -> regex.Pattern[str]:
        return regex.compile(
            rf"(?P<rel>今年|去年|上年|前年|明年)?(?:(?P<y>[0-9]{{4}}|[〇零○一二三四五六七八九]{{4}})年)?"
            rf"(?P<m>(?<![0-9])[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}})月"
            rf"(?P<d>[0-9]{{1,2}}|[{_CN}]{{1,3}})[日号]"
            rf"(?:(?P<sep>至|到|-|—|~|–)(?P<d2>[0-9]{{1,2}}|[{_CN}]{{1,3}})[日号])?"
        )

    @cached_property
    def day(self) -> regex.Pattern[str]:
        return regex.compile(r"(?<![0-9])(?P<d>[0-9]{1,2})日(?!内|以内|之内|[0-9])")

    @cached_property
    def lost_month(self) -> regex.Pattern[str]:
        return regex.compile(r"(?<![0-9])(?P<md>[0-9]{2,4})日(?![0-9内])")


def _num(s: str) -> int | None:
    s = s.replace("廿", "二十").replace("卅", "三十")
    try:
        v = parse_numeral(s)
    except NumeralError:
        return None
    return int(v) if v == v.to_integral_value() else None


def _valid(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    days = calendar.monthrange(year if year else 2000, month)[1]
    return day <= days


def _find_raw(text: str, pats: DatePatterns) -> list[_Raw]:
    found: list[_Raw] = []
    # spans already read, disjoint, sorted (bisect keeps a text with 100k dates linear, not quadratic)
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect_right(taken_starts, s)
        return (i == 0 or taken_ends[i - 1] <= s) and (i == len(taken_starts) or taken_starts[i] >= e)

    def take(s: int, e: int) -> None:
        i = bisect_right(taken_starts, s)
        taken_starts.insert(i, s)
        taken_ends.insert(i, e)

    for m in pats.full.finditer(text):
        month, day = _num(m.group("m")), _num(m.group("d"))
        year = _num(m.group("y")) if m.group("y") else None
        if month is None or day is None or not _valid(year, month, day):
            continue
        rel = _RELATIVE_YEARS.get(m.group("rel") or "")
        start = m.start("y") if m.group("y") else m.start("m")
        end = m.end("d") + 1
        found.append(_Raw(start, end, year, month, day, rel_year=rel if year is None else None))
        take(m.start(), m.end())
        if m.group("d2"):
            d2 = _num(m.group("d2"))
            if d2 is not None and _valid(year, month, d2):
                found.append(_Raw(m.start("d2"), m.end(), year, month, d2, rel_year=rel if year is None else None))
    for m in pats.lost_month.finditer(text):
        s = m.start()
        if not free(s, m.end()) or (s > 0 and text[s - 1] not in _LOST_MONTH_BEFORE):
            continue
        md = m.group("md")
        if len(md) == 2 and int(md) <= 31:
            continue  # a day alone
        options = tuple(
            (int(md[:k]), int(md[k:]))
            for k in (2, 1)
            if len(md) - k in (1, 2) and md[k] != "0" and _valid(None, int(md[:k]), int(md[k:]))
        )
        if options:
            found.append(_Raw(s, m.end(), None, options[0][0], options[0][1], month_options=options))
            take(s, m.end())
    for m in pats.day.finditer(text):
        s = m.start()
        month_word = text[max(0, s - 2):s]
        if not free(s, m.end()) or (s > 0 and (text[s - 1] in _DAY_BLOCK_BEFORE or (
                text[s - 1] == "月" and month_word not in _RELATIVE_MONTHS))):
            continue
        day = int(m.group("d"))
        if 1 <= day <= 31:
            found.append(_Raw(s, m.end(), None, None, day, rel_month=_RELATIVE_MONTHS.get(month_word)))
            take(s, m.end())
    found.sort(key=lambda r: r.start)
    return found


def after_publication(year: int | None, month: int | None, day: int, pub: dt.date | None) -> bool:
    """Named rule: a day alone that would fall after the publication date in its context month belongs to the
    month before (a release reports what has happened; the same rule as for a day read against ``published``)."""
    if pub is None or year is None or month is None or not _valid(year, month, day):
        return False
    return dt.date(year, month, day) > pub


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    """The (year, month) ``offset`` months from ``month`` of ``year``."""
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _year_for(month: int, pub: dt.date | None, doc_year: int | None) -> int | None:
    if pub is not None:
        return pub.year - 1 if month > pub.month else pub.year
    return doc_year


def _pick_lost(raw: _Raw, pub: dt.date | None) -> tuple[int, int]:
    """The lost-月 reading closest before the publication date (first reading without one)."""
    if pub is None or len(raw.month_options) < 2:
        return raw.month_options[0]
    best: tuple[int, tuple[int, int]] | None = None
    for month, day in raw.month_options:
        year = _year_for(month, pub, None) or pub.year
        if not _valid(year, month, day):
            continue
        gap = (pub - dt.date(year, month, day)).days
        if gap < 0:
            gap += 366
        if best is None or gap < best[0]:
            best = (gap, (month, day))
    return best[1] if best else raw.month_options[0]


def find_dates(text: str, pats: DatePatterns, published: str | None = None) -> list[Candidate]:
    """DATE candidates in normalized ``text`` with ISO values (``None`` when no year can be known)."""
    pub = _parse_published(published)
    raws = _find_raw(text, pats)
    full_years = [r.year for r in raws if r.year is not None and r.month is not None]
    doc_year = full_years[0] if full_years else None
    out: list[Candidate] = []
    prev: tuple[int | None, int] | None = None  # (year, month) of the previous date
    for raw in raws:
        year: int | None
        if raw.month is None:  # a day alone: month and year from the previous date, else from publication
            if raw.rel_month is not None and pub is not None:  # 本月18日, 上月30日: the publication's month
                year, month = _shift_month(pub.year, pub.month, raw.rel_month)
            elif prev is not None:
                year, month = prev
                if after_publication(year, month, raw.day, pub):  # 9月6日…此前的25日 (published 9月7日): August
                    year, month = _shift_month(year, month, -1)  # type: ignore[arg-type]
            elif pub is not None:
                year, month = pub.year, pub.month
                if raw.day > pub.day:
                    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            else:
                year, month = None, None
            if month is None or not _valid(year, month, raw.day):
                out.append(Candidate(Label.DATE, raw.start, raw.end, None))
                continue
        else:
            month, day = (raw.month, raw.day) if not raw.month_options else _pick_lost(raw, pub)
            raw = _Raw(raw.start, raw.end, raw.year, month, day, raw.rel_year)
            if raw.year is not None:
                year = raw.year
            elif raw.rel_year is not None:
                year = pub.year + raw.rel_year if pub is not None else None
            else:
                year = _year_for(month, pub, doc_year)
        value = None
        if year is not None and _valid(year, month, raw.day):
            value = f"{year:04d}-{month:02d}-{raw.day:02d}"
        prev = (year, month)
        out.append(Candidate(Label.DATE, raw.start, raw.end, value))
    return out
