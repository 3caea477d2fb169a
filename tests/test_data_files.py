"""Every data file loads and has the shape its loader expects."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest

from cn_invest_ie.numbers.lexicon import NumberLexicon
from cn_invest_ie.resources import DataFileError, read_rows
from cn_invest_ie.types import Qualifier

DATA = resources.files("cn_invest_ie").joinpath("data")
TSV_FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".tsv"))


@pytest.mark.parametrize("name", TSV_FILES)
def test_tsv_has_consistent_columns(name: str) -> None:
    lines = [ln for ln in DATA.joinpath(name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines, f"{name} is empty"
    widths = {len(ln.split("\t")) for ln in lines}
    assert max(widths) - min(widths) <= 1, f"{name}: ragged rows {widths}"


def test_data_readme_names_every_file() -> None:
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    for name in TSV_FILES:
        assert name in readme, f"data/README.md does not describe {name}"


def test_number_lexicon_values() -> None:
    lex = NumberLexicon()
    assert set(lex.currencies.values()) >= {"CNY", "USD", "EUR", "HKD", "JPY", "GBP"}
    for unit in lex.units.values():
        assert unit.factor > 0 and unit.kind in {"strong", "weak", "jobs"}
    assert lex.units["mw"].factor == Decimal(1000)
    for pos in ("prefix", "suffix"):
        assert all(isinstance(q, Qualifier) for _, q in lex.qualifiers[pos])
    assert {"money_context", "class_head", "threshold_prefix", "production_context"} <= set(lex.cues)


def test_bad_rows_are_reported_with_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import cn_invest_ie.resources as res

    class FakeFile:
        def read_text(self, encoding: str) -> str:
            return "# comment\nok\tCNY\t\nbad line with no tabs but more\tx\ty\tz\n"

    class FakeDir:
        def joinpath(self, *parts: str) -> FakeFile:
            return FakeFile()

    monkeypatch.setattr(res.resources, "files", lambda pkg: FakeDir())
    with pytest.raises(DataFileError, match=r"data/x.tsv:3"):
        read_rows("x.tsv", 3)


def test_packaged_gazetteer_table_is_valid() -> None:
    """The packaged places.tsv passes the bulk checks the loader skips at run time for speed."""
    from cn_invest_ie.gazetteer.places import load_rows

    rows = load_rows(DATA.joinpath("places.tsv").read_text(encoding="utf-8"),
                     DATA.joinpath("place_changes.tsv").read_text(encoding="utf-8"), validate=True)
    assert len(rows) > 40_000
