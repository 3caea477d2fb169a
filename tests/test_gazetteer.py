"""The place gazetteer: spec cases run on ``Gazetteer().find`` directly, loader validation, laziness, build script."""

from __future__ import annotations

import dataclasses
import gc
import importlib.util
import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cn_invest_ie.gazetteer.places import Gazetteer, GazetteerDataError, Place, PlaceHit

from .conftest import ROOT, SHARED, shared_missing

SPECS = ROOT / "tests" / "specs" / "places.jsonl"
NBS_SOURCE = SHARED / "data" / "admin-divisions-nbs"
DATA = resources.files("cn_invest_ie").joinpath("data")
DATA_FILES = ("places.tsv", "place_changes.tsv", "place_abbrev.tsv", "place_rules.tsv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _spec_cases() -> list[Any]:
    cases = []
    for number, line in enumerate(SPECS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            cases.append(pytest.param(case, id=f"places:{number}", marks=marks))
    return cases


@pytest.mark.parametrize("case", _spec_cases())
def test_spec_case(case: dict[str, Any], gazetteer: Gazetteer) -> None:
    hits = gazetteer.find(case["text"])
    got = [(hit.surface, hit.value) for hit in hits]
    assert got == [(e["text"], e["value"]) for e in case["expect"]], case["why"]
    for hit in hits:
        assert case["text"][hit.start:hit.end] == hit.surface


def test_spec_file_has_enough_cases() -> None:
    cases = [json.loads(line) for line in SPECS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 60
    assert sum(1 for case in cases if not case["expect"]) >= 15, "must-not-match cases"
    for case in cases:
        assert case["labels"] == ["PLACE"] and case["why"]


# --- results -------------------------------------------------------------------------------------------------------

def test_hit_fields_and_parents(gazetteer: Gazetteer) -> None:
    text = "四川省达州市开江县"
    hits = gazetteer.find(text)
    assert [(h.value, h.code, h.level) for h in hits] == [
        ("四川", "51", "province"), ("达州", "5117", "prefecture"), ("开江", "511723", "county")]
    assert hits[2].parents == ("四川", "达州")
    assert all(text[h.start:h.end] == h.surface for h in hits)


def test_results_are_frozen(gazetteer: Gazetteer) -> None:
    hit = gazetteer.find("达州")[0]
    place = gazetteer.lookup("达州市")[0]
    for obj in (hit, place):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.value = "x"  # type: ignore[misc]


def test_repeated_name_resolved_by_context(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("鼓楼区位于福建")[0].code == "350102"
    assert gazetteer.find("江苏省徐州市鼓楼区")[-1].code == "320302"
    assert gazetteer.find("吉林朝阳区")[-1].parents == ("吉林", "长春")
    assert gazetteer.find("朝阳")[0].level == "prefecture"  # no context: the higher level


def test_township_parents(gazetteer: Gazetteer) -> None:
    hit = gazetteer.find("五台县耿镇镇")[-1]
    assert (hit.value, hit.level, hit.parents) == ("耿镇", "township", ("山西", "忻州", "五台"))


def test_zone_hits(gazetteer: Gazetteer) -> None:
    anchored = gazetteer.find("达州高新区")[0]
    assert (anchored.value, anchored.code, anchored.level, anchored.parents) == (
        "达州高新区", None, "zone", ("四川", "达州"))
    listed = gazetteer.find("扬州经济技术开发区")[0]
    assert (listed.code, listed.parents) == ("321071", ("江苏", "扬州"))


def test_abbreviation_hit(gazetteer: Gazetteer) -> None:
    hit = gazetteer.find("在蓉签约")[0]
    assert (hit.surface, hit.value, hit.code, hit.parents) == ("蓉", "成都", "5101", ("四川",))


def test_former_name_resolves_to_successor(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("下城区")[0]
    assert place.successor_code == "330105" and place.current_code == "330105"
    hit = gazetteer.find("下城区")[0]
    assert (hit.value, hit.code) == ("下城", "330105")
    assert gazetteer.by_code("330105").name == "拱墅区"


def test_post_2023_units(gazetteer: Gazetteer) -> None:
    assert [p.code for p in gazetteer.lookup("和安县")] == ["653229"]
    assert gazetteer.parents(gazetteer.lookup("和安县")[0]) == ("新疆", "和田")
    assert gazetteer.lookup("两江新区")[0].code == "500157"


def test_lookup(gazetteer: Gazetteer) -> None:
    assert [p.code for p in gazetteer.lookup("达州")] == ["5117"]
    assert gazetteer.lookup("达州市") == gazetteer.lookup("达州")
    assert {p.level for p in gazetteer.lookup("朝阳")} >= {"prefecture", "county"}
    assert gazetteer.lookup("不存在的地方") == []
    assert gazetteer.parents(gazetteer.lookup("开江县")[0]) == ("四川", "达州")


def test_empty_and_short_texts(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("") == []
    assert gazetteer.find("京") == []
    assert gazetteer.find("。") == []


# --- the packaged data -----------------------------------------------------------------------------------------------

def test_packaged_data_loads(gazetteer: Gazetteer) -> None:
    places = gazetteer.places
    levels = [p.level for p in places]
    assert levels.count("province") == 34  # 31 + 香港 澳门 台湾
    assert levels.count("prefecture") >= 340
    assert levels.count("county") >= 2800
    assert levels.count("township") >= 38000
    assert levels.count("zone") >= 100
    assert all(isinstance(p, Place) for p in places[:10])


def test_places_tsv_is_stamped() -> None:
    first = DATA.joinpath("places.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith("#") and "vintage: 2023" in first and "scripts/build_gazetteer.py" in first


def test_changes_have_sources() -> None:
    text = DATA.joinpath("place_changes.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")][1:]
    assert rows and all(len(row) == 9 and row[8] for row in rows)


# --- validation on small data folders --------------------------------------------------------------------------------

TINY_PLACES = """# tiny
code\tname\tshort\tlevel\tparent_code
51\t四川省\t四川\tprovince\t
5117\t达州市\t达州\tprefecture\t51
511723\t开江县\t开江\tcounty\t5117
"""
TINY_CHANGES = """code\tname\tshort\tlevel\tparent_code\tsuccessor_code\tyear\tchange\tsource
511721\t达县\t达县\tcounty\t5117\t511723\t2013\tmerged\ttest
"""


def _data_dir(tmp_path: Path, **overrides: str) -> Path:
    for name in DATA_FILES:
        text = overrides.get(name.replace(".", "_"))
        if text is None:
            text = {"places.tsv": TINY_PLACES, "place_changes.tsv": TINY_CHANGES}.get(name)
        if text is None:
            text = DATA.joinpath(name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_tiny_data_folder(tmp_path: Path) -> None:
    gazetteer = Gazetteer(_data_dir(tmp_path))
    hits = gazetteer.find("四川达州开江县和达县")
    assert [(h.surface, h.value, h.code) for h in hits] == [
        ("四川", "四川", "51"), ("达州", "达州", "5117"), ("开江县", "开江", "511723"), ("达县", "达县", "511723")]


@pytest.mark.parametrize("places_tsv, message", [
    (TINY_PLACES.replace("parent_code\n", "parent\n"), "header"),
    (TINY_PLACES.replace("\tcounty\t", "\tdistrict\t"), "unknown level"),
    (TINY_PLACES.replace("开江县\t开江", "开江县\t江开"), "short must start name"),
    (TINY_PLACES.replace("511723\t", "5117\t"), "duplicate code"),
    (TINY_PLACES.replace("\t5117\n", "\t5199\n"), "unknown parent"),
    (TINY_PLACES.replace("\t5117\n", "\t\n"), "no parent_code"),
    (TINY_PLACES.replace("511723\t", "5117x3\t"), "bad code"),
    (TINY_PLACES + "1\t2\n", "expected 5 fields"),
])
def test_malformed_places_rejected(tmp_path: Path, places_tsv: str, message: str) -> None:
    gazetteer = Gazetteer(_data_dir(tmp_path, places_tsv=places_tsv))
    with pytest.raises(GazetteerDataError, match=message):
        gazetteer.find("达州")


@pytest.mark.parametrize("override", [
    {"place_changes_tsv": TINY_CHANGES.replace("\ttest\n", "\t\n")},
    {"place_changes_tsv": TINY_CHANGES.replace("\t511723\t2013", "\t599999\t2013")},
    {"place_rules_tsv": "kind\ttext\tnote\nno_such_kind\tx\t\n"},
    {"place_rules_tsv": "kind\ttext\tnote\nsuffix_word\t市\t\n"},
    {"place_abbrev_tsv": "abbrev\tvalue\tname\tbefore\n成都\t成都\t成都市\t\n"},
])
def test_malformed_side_tables_rejected(tmp_path: Path, override: dict[str, str]) -> None:
    with pytest.raises(GazetteerDataError):
        Gazetteer(_data_dir(tmp_path, **override)).find("达州")


# --- laziness and speed ----------------------------------------------------------------------------------------------

def test_import_and_construction_read_no_file() -> None:
    code = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import cn_invest_ie.gazetteer.places as places
gazetteer = places.Gazetteer()
assert not [p for p in opened if p.endswith(".tsv")], opened
gazetteer.lookup("达州")
assert [p for p in opened if p.endswith("places.tsv")], "the audit hook saw no read at first use"
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_speed() -> None:
    gazetteer = Gazetteer()
    started = time.thread_time()
    gazetteer.find("达州")
    first = time.thread_time() - started
    text = "2022年3月18日，四川省遂宁市与浙江恒远集团在蓉签约，项目落户遂宁高新区，总投资85亿元。" * 100
    per_call = float("inf")
    gc.collect()  # the collector's first passes over the new index belong to the load, not to a call
    gc.disable()
    try:
        for _ in range(3):
            started = time.thread_time()
            gazetteer.find(text[:5000])
            per_call = min(per_call, time.thread_time() - started)
    finally:
        gc.enable()
    assert first < 3.0 and per_call < 0.2, (first, per_call)  # generous bounds for shared CI machines


# --- the build script -------------------------------------------------------------------------------------------------

def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name, level, short", [
    ("达州市", "prefecture", "达州"), ("开江县", "county", "开江"), ("黔东南苗族侗族自治州", "prefecture", "黔东南"),
    ("温县", "county", "温县"), ("耿镇镇", "township", "耿镇"), ("四川省", "province", "四川"),
    ("广西壮族自治区", "province", "广西"), ("内蒙古自治区", "province", "内蒙古"), ("北京市", "province", "北京"),
    ("香港特别行政区", "province", "香港"), ("鄂伦春自治旗", "county", "鄂伦春"), ("东乡族自治县", "county", "东乡"),
    ("管城回族区", "county", "管城"), ("神农架林区", "county", "神农架"), ("万柏林区", "county", "万柏林"),
    ("浦东新区", "county", "浦东新区"), ("清新区", "county", "清新"), ("于家务回族乡", "township", "于家务"),
    ("扬州经济技术开发区", "zone", "扬州经济技术开发区"), ("城区", "county", "城区"), ("大兴安岭地区", "prefecture", "大兴安岭"),
])
def test_build_short_name(name: str, level: str, short: str) -> None:
    assert _build_module().short_name(name, level) == short


def test_build_reproduces_places_tsv(tmp_path: Path) -> None:
    if not NBS_SOURCE.exists():
        shared_missing("data/admin-divisions-nbs")
    output = tmp_path / "places.tsv"
    assert _build_module().main(["--source", str(NBS_SOURCE), "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == DATA.joinpath("places.tsv").read_text(encoding="utf-8")


def test_placehit_is_plain_data() -> None:
    hit = PlaceHit(0, 2, "达州", "达州", "5117", "prefecture", ("四川",))
    assert dataclasses.asdict(hit)["parents"] == ("四川",)


@pytest.mark.parametrize("name", ["达州", "四川省", "吉林", "海南", "大连市", "开江"])
def test_regions_are_lookup_at_province_and_prefecture_level(name: str) -> None:
    gazetteer = Gazetteer()
    expected = [p for p in gazetteer.lookup(name) if p.level in ("province", "prefecture")]
    assert gazetteer.regions(name) == expected
    assert all(p.level in ("province", "prefecture") for p in gazetteer.regions(name))
