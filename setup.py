"""Optional compiled build (docs/performance.md, "Compiled build (optional)").

By default this is a plain setuptools build of the pure-Python package (all metadata is in pyproject.toml). With
``CN_INVEST_IE_COMPILE=1`` the hot modules listed below are compiled to C extensions with mypyc::

    pip install "mypy>=2.4" setuptools
    CN_INVEST_IE_COMPILE=1 pip install --no-build-isolation .

mypy is not a build requirement in pyproject.toml (every pure-Python install would then fetch it), hence
``--no-build-isolation``: the build uses the mypy already installed. The extensions need no mypy at run time.
"""

from __future__ import annotations

import os

from setuptools import setup

# Modules compiled by the optional build; tests/test_compiled.py reads this list. The rest (api, cli, parallel, io,
# integrations, ...) stays interpreted: it is not on the hot path, and Extractor keeps its exact error messages and
# stays subclassable.
COMPILED = [
    "cn_invest_ie/numbers/amounts.py",
    "cn_invest_ie/numbers/numerals.py",
    "cn_invest_ie/numbers/dates.py",
    "cn_invest_ie/numbers/lexicon.py",
    "cn_invest_ie/numbers/qualifiers.py",
    "cn_invest_ie/gazetteer/places.py",
    "cn_invest_ie/gazetteer/orgs.py",
    "cn_invest_ie/projects.py",
    "cn_invest_ie/entities.py",
    "cn_invest_ie/events/linker.py",
    "cn_invest_ie/overlaps.py",
    "cn_invest_ie/patterns.py",
    "cn_invest_ie/text/normalize.py",
    "cn_invest_ie/candidates.py",
    "cn_invest_ie/types.py",
]


def ext_modules() -> list:
    if os.environ.get("CN_INVEST_IE_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # only the compiled build needs mypy

    # CN_INVEST_IE_OPT_LEVEL: the C compiler's optimization level (default 3; scripts/check_compiled.sh builds with 0,
    # which compiles several times faster and runs the same code).
    opt_level = os.environ.get("CN_INVEST_IE_OPT_LEVEL", "3")
    return mypycify(COMPILED, opt_level=opt_level, group_name="cn_invest_ie")


setup(ext_modules=ext_modules())
