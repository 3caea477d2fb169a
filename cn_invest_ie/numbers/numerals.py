"""Numeral strings to exact ``Decimal`` values.

Handles Arabic digits (with thousands separators and decimals), Chinese and formal numerals and their mixes:
``1104.08亿`` -> 110408000000, ``两千亿`` -> 200000000000, ``1亿8千万`` -> 180000000, ``伍佰万`` -> 5000000,
``一万五`` -> 15000. Input is normalized text (simplified, half-width).
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "参": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SCALES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
# 兆 as 10^12 (Taiwan and Japanese usage) is read only inside a longer numeral (四十九兆九千亿); alone it is the
# SI prefix of 兆瓦.
TRILLION = "兆"
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(SCALES)
# Longer strings, or more digits, are digit noise (a 1 MB run of digits), not a written amount; refusing them keeps
# every value exact within Decimal's default 28-digit precision.
MAX_NUMERAL_CHARS = 32
MAX_NUMERAL_DIGITS = 28


class NumeralError(ValueError):
    """A string that is not a well-formed numeral."""


def _arabic(token: str) -> Decimal:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the tokenizer only passes digit strings
        raise NumeralError(token) from exc


def _tokens(s: str) -> list[tuple[str, Decimal]]:
    """Split into ('num', value) for digit runs and ('unit'|'scale', factor) for unit characters."""
    out: list[tuple[str, Decimal]] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isdigit() and ch.isascii():
            j = i
            while j < n and (s[j].isascii() and (s[j].isdigit() or s[j] in ".,")):
                j += 1
            out.append(("num", _arabic(s[i:j])))
            i = j
        elif ch in DIGITS:
            # A run of Chinese digits: one digit, or a digit string with 点 decimals (三点五), or digit-by-digit.
            j = i
            while j < n and (s[j] in DIGITS or s[j] == "点"):
                j += 1
            run = s[i:j]
            if "点" in run:
                whole, _, frac = run.partition("点")
                if not whole or not frac or "点" in frac:
                    raise NumeralError(s)
                text = "".join(str(DIGITS[c]) for c in whole) + "." + "".join(str(DIGITS[c]) for c in frac)
                out.append(("num", Decimal(text)))
            elif len(run) == 1:
                out.append(("num", Decimal(DIGITS[run])))
            elif run[0] in "零〇○" and len(run) == 2 and out:
                out.append(("zero", Decimal(0)))
                out.append(("num", Decimal(DIGITS[run[-1]])))
            else:
                # 二〇二一 style digit strings; 零 between sections (一千零五) is handled by dropping leading 零.
                stripped = run.lstrip("零〇○") if out else run
                if len(stripped) == 1:
                    out.append(("num", Decimal(DIGITS[stripped])))
                else:
                    out.append(("num", Decimal("".join(str(DIGITS[c]) for c in run))))
                    out.append(("digits", Decimal(len(run))))
            i = j
        elif ch in UNITS:
            out.append(("unit", Decimal(UNITS[ch])))
            i += 1
        elif ch in SCALES:
            # 万亿 = 10^12
            out.append(("scale", Decimal(SCALES[ch])))
            i += 1
        elif ch == TRILLION and i + 1 < n:
            out.append(("trillion", Decimal(10) ** 12))
            i += 1
        elif ch == "点":
            raise NumeralError(s)
        else:
            raise NumeralError(s)
    return out


def parse_numeral(s: str) -> Decimal:
    """Exact value of a numeral string; raises :class:`NumeralError` when it is not one.

    >>> parse_numeral("1亿8千万")
    Decimal('180000000')
    """
    if not s or len(s) > MAX_NUMERAL_CHARS or sum(c.isdigit() for c in s) > MAX_NUMERAL_DIGITS:
        raise NumeralError(s[:MAX_NUMERAL_CHARS])
    tokens = _tokens(s)
    if any(kind == "digits" for kind, _ in tokens):
        if len(tokens) == 2:
            return tokens[0][1]
        raise NumeralError(s)
    big = Decimal(0)  # completed 兆 groups
    total = Decimal(0)  # completed 亿 groups
    section = Decimal(0)  # completed 万 groups below the current 亿
    small = Decimal(0)  # current group below 万
    number: Decimal | None = None
    last_was_scale = False
    zero_seen = False
    for kind, val in tokens:
        if kind == "zero":
            zero_seen = True
            continue
        if kind == "trillion":
            big += (total + section + small + (number if number is not None else Decimal(0))) * val
            total = section = small = Decimal(0)
            number, last_was_scale = None, True
            continue
        if kind == "num":
            if number is not None:
                raise NumeralError(s)
            number = val
            last_was_scale = False
        elif kind == "unit":
            small += (number if number is not None else Decimal(1)) * val
            number = None
            last_was_scale = False
        else:  # scale
            group = small + (number if number is not None else Decimal(0))
            if group == 0 and not last_was_scale:
                if section == 0 and total == 0:
                    raise NumeralError(s)  # a scale with nothing before it
            if val == 10_000:
                if last_was_scale and group == 0:
                    section *= val
                else:
                    section = section + group * val
            else:  # 亿
                total = (total + section + group) * val
                section = Decimal(0)
            small = Decimal(0)
            number = None
            last_was_scale = True
    if number is not None and not zero_seen and len(tokens) > 1 and tokens[-1][0] == "num":
        # 三千五 / 一万五: a trailing single digit after a unit or scale means the next lower unit
        prev_kind, prev_val = tokens[-2]
        if prev_kind == "unit" and prev_val >= 100 and number < 10:
            number *= prev_val / 10
        elif prev_kind == "scale" and number < 10 and number == number.to_integral_value():
            number *= prev_val / 10
    rest = small + (number if number is not None else Decimal(0))
    value = big + total + section + rest
    return value.normalize() if value == value.to_integral_value() else value


def to_plain(value: Decimal) -> Decimal:
    """``Decimal`` without exponent notation (``2E+11`` -> ``200000000000``)."""
    if value == value.to_integral_value():
        # precision for every integer digit: the default 28 makes quantize raise on 5亿亿亿亿 (5E+32)
        return value.quantize(Decimal(1), context=Context(prec=max(28, value.adjusted() + 1)))
    return value.normalize()


def count_value(text: str) -> int | None:
    """``12``, ``1,286``, ``三``, ``十二``: a count as a positive whole number; None when ``text`` is not one."""
    try:
        value = parse_numeral(text.replace(",", ""))
    except NumeralError:
        return None
    return int(value) if value == value.to_integral_value() and value > 0 else None
