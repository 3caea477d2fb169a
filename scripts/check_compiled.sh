#!/usr/bin/env bash
# Build the optional compiled variant in place (setup.py, CN_INVEST_IE_COMPILE=1; docs/performance.md), run the
# tests that exercise the compiled modules against it, then remove the extensions so the checkout is pure Python
# again (also when a step fails). Run from anywhere; needs a C compiler and the Python headers. About 3-4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
cleanup() {
    find cn_invest_ie -name '*.so' -delete
    rm -f cn_invest_ie__mypyc*.so
    rm -rf build
}
trap cleanup EXIT
python3 -m pip install --quiet --disable-pip-version-check "mypy>=2.4" "setuptools>=68" wheel
# -O0: compiles several times faster than the default -O3 and runs the same code
CN_INVEST_IE_OPT_LEVEL=0 CN_INVEST_IE_COMPILE=1 python3 setup.py -q build_ext --inplace >/dev/null
# test_compiled.py fails unless every module of setup.py's COMPILED list is an extension module.
CN_INVEST_IE_EXPECT_COMPILED=1 python3 -m pytest -q -p no:cacheprovider tests/test_compiled.py tests/test_specs.py tests/test_properties.py \
    tests/test_ratchet.py tests/test_parallel.py
