"""The numeric rules' language data, loaded from ``data/*.tsv`` on first use and owned by an instance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from cn_invest_ie._mypyc import cached_property, mypyc_attr
from cn_invest_ie.numbers.numerals import NUMERAL_CHARS
from cn_invest_ie.patterns import compile_words
from cn_invest_ie.resources import read_rows, read_word_lists
from cn_invest_ie.types import Qualifier

# Numerals as they stand in normalized text. A body is a run of digits and numeral characters, with 多/余 after it.
ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
CN_NUMERAL = rf"(?:[{NUMERAL_CHARS}]|兆(?=[{NUMERAL_CHARS}]))+(?:点[零〇一二三四五六七八九]+)?"
BODY = rf"(?:{ARABIC}|{CN_NUMERAL})+(?:[多余][十百千万亿]*)?"
RANGE_SEP = r"至|到|-|~|—|–|－"


@dataclass(frozen=True)
class Unit:
    surface: str
    unit: str
    factor: Decimal
    kind: str  # strong | weak | jobs


@mypyc_attr(native_class=False)  # keeps functools.cached_property caching when compiled
class NumberLexicon:
    """Currencies, units, qualifier words and context cues, with the patterns built from them."""

    @cached_property
    def currencies(self) -> dict[str, str]:
        return {surface: iso for surface, iso, _ in read_rows("currencies.tsv", 3)}

    @cached_property
    def currency_symbols(self) -> dict[str, str]:
        return {sym: iso for sym, iso, _ in read_rows("currency_symbols.tsv", 3)}

    @cached_property
    def follow_chars(self) -> frozenset[str]:
        """Characters that can start what follows an amount: a currency word, a unit, 人民币, a range sign."""
        chars = {w[0] for w in self.currencies} | {"人", "至", "到", "-", "~", "—", "–", "－"}
        for surface in self.units:
            chars |= {surface[0], surface[0].upper()}
        return frozenset(chars)

    @cached_property
    def currency_symbols_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.currency_symbols, key=len, reverse=True))

    @cached_property
    def currency_symbol_ends(self) -> frozenset[str]:
        return frozenset(sym[-1] for sym in self.currency_symbols)

    @cached_property
    def currency_re(self) -> regex.Pattern[str]:
        alts = "|".join(sorted(map(regex.escape, self.currencies), key=len, reverse=True))
        return regex.compile(rf"(?:{alts})")

    @cached_property
    def units(self) -> dict[str, Unit]:
        out: dict[str, Unit] = {}
        for surface, unit, factor, kind, _note in read_rows("units.tsv", 5):
            out[surface.lower()] = Unit(surface, unit, Decimal(factor), kind)
        return out

    @cached_property
    def unit_re(self) -> regex.Pattern[str]:
        cjk = [u for u in self.units if not u.isascii()]
        ascii_ = [u for u in self.units if u.isascii()]
        cjk_alt = "|".join(sorted(map(regex.escape, cjk), key=len, reverse=True))
        ascii_alt = "|".join(sorted(map(regex.escape, ascii_), key=len, reverse=True))
        return regex.compile(rf"(?:{cjk_alt})|(?i:(?:{ascii_alt})(?![A-Za-z]))")

    @cached_property
    def qualifiers(self) -> dict[str, list[tuple[str, Qualifier]]]:
        out: dict[str, list[tuple[str, Qualifier]]] = {"prefix": [], "suffix": []}
        for word, position, qual, _ in read_rows("qualifiers.tsv", 4):
            out[position].append((word, Qualifier(qual)))
        for v in out.values():
            v.sort(key=lambda wq: len(wq[0]), reverse=True)
        return out

    @cached_property
    def prefix_qualifier_re(self) -> regex.Pattern[str]:
        """Qualifier words that end where the search window ends (``endpos`` = the amount's start)."""
        return compile_words((w for w, _ in self.qualifiers["prefix"]), at_end=True)

    @cached_property
    def prefix_currency_re(self) -> regex.Pattern[str]:
        """A currency word ending where the window ends, or before a qualifier that does (港币8亿元, 美金约3000万元);
        the group ``word`` is the currency word. 元 and 人民币 are left out (CNY is the default)."""
        words = "|".join(map(regex.escape, sorted(set(self.currencies) - {"元", "人民币"}, key=len, reverse=True)))
        quals = "|".join(map(regex.escape, sorted((w for w, _ in self.qualifiers["prefix"]), key=len, reverse=True)))
        return regex.compile(rf"(?P<word>{words})(?:{quals})?\Z")

    @cached_property
    def prefix_qualifier_of(self) -> dict[str, Qualifier]:
        return dict(self.qualifiers["prefix"])

    @cached_property
    def cues(self) -> dict[str, tuple[str, ...]]:
        return read_word_lists("cues.tsv")

    @cached_property
    def vague_prefix_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["vague_prefix"], at_end=True)

    @cached_property
    def threshold_prefix_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["threshold_prefix"], at_end=True)

    @cached_property
    def not_counted_before_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["not_counted_before"])

    @cached_property
    def not_counted_after_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["not_counted_after"])

    @cached_property
    def equipment_after_re(self) -> regex.Pattern[str]:
        """A mass unit, then a machine word (up to three modifier characters before it: 一体化压铸机): 吨压铸机, 吨级压力机."""
        machines = "|".join(map(regex.escape, sorted(self.cues["equipment"], key=len, reverse=True)))
        return regex.compile(rf"(?<=吨)级?\p{{Han}}{{0,3}}?(?:{machines})")

    @cached_property
    def counted_equipment_before_re(self) -> regex.Pattern[str]:
        """An equipment word ending where the window ends (the count's start), or before one qualifier word that
        does: 机架5000个, 机架超10万个."""
        words = "|".join(map(regex.escape, sorted(self.cues["counted_equipment"], key=len, reverse=True)))
        quals = "|".join(map(regex.escape, sorted((w for w, _ in self.qualifiers["prefix"]), key=len, reverse=True)))
        return regex.compile(rf"(?:{words})(?:{quals})?\Z")

    @cached_property
    def counted_equipment_after_re(self) -> regex.Pattern[str]:
        """An equipment word after a measure word, up to four modifier characters between that name no project or
        enterprise, and no project or enterprise word right after it or two characters on: 个标准机架, not 个充电桩项目
        or 个服务器生产企业."""
        words = "|".join(map(regex.escape, sorted(self.cues["counted_equipment"], key=len, reverse=True)))
        heads = "|".join(map(regex.escape, sorted(self.cues["class_head"], key=len, reverse=True)))
        return regex.compile(rf"(?:(?!{heads}|公司)\p{{Han}}){{0,4}}?(?:{words})(?!\p{{Han}}{{0,2}}?(?:{heads}|公司))")

    @cached_property
    def suffix_qualifier_re(self) -> regex.Pattern[str]:
        return compile_words(w for w, _ in self.qualifiers["suffix"])

    @cached_property
    def suffix_qualifier_of(self) -> dict[str, Qualifier]:
        return dict(self.qualifiers["suffix"])

    @cached_property
    def number_re(self) -> regex.Pattern[str]:
        # the leading look-ahead on the first character lets the engine skip text without numerals quickly
        return regex.compile(
            rf"(?=[0-9{NUMERAL_CHARS}兆])(?<![0-9.A-Za-z])(?<![0-9],)(?P<a>{BODY})(?:(?P<sep>{RANGE_SEP})(?P<b>{BODY}))?")

    @cached_property
    def class_after_re(self) -> regex.Pattern[str]:
        """What follows an amount that is a class label or threshold (百亿级, 5亿元以上的重大项目)."""
        heads = "|".join(map(regex.escape, self.cues["class_head"]))
        mods = "|".join(map(regex.escape, self.cues["class_modifier"]))
        return regex.compile(rf"级|(?:及以上|以上|以下|之间)的|(?P<bracket>及以上|以上|以下)?的?(?:{mods})*"
                             rf"(?P<head>{heads})(?!公司|部|法人)")

    @cached_property
    def counted_class_heads(self) -> frozenset[str]:
        return frozenset(self.cues["counted_class_head"])

    @cached_property
    def money_context_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["money_context"])

    @cached_property
    def production_context_re(self) -> regex.Pattern[str]:
        # 年产 but not 2023年产业: a cue never runs on into 业
        return regex.compile("(?:" + "|".join(map(regex.escape, self.cues["production_context"])) + ")(?!业)")

    @cached_property
    def jobs_context_re(self) -> regex.Pattern[str]:
        return compile_words(self.cues["jobs_context"])
