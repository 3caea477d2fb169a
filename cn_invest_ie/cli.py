"""Command line: ``cn-invest-ie extract`` and ``cn-invest-ie eval``. Commands only; the logic lives in the package.

Exit codes: 0 success, 1 runtime error, 2 usage error, 3 finished but some documents failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

_EXAMPLES = """examples:
  cn-invest-ie extract corpora/examples/dazhou.txt
  cn-invest-ie extract releases.jsonl -o results.jsonl
  echo '签约项目8个，总投资120亿元。' | cn-invest-ie extract -
  cn-invest-ie eval gold.jsonl               # run the extractor on the gold texts and score
  cn-invest-ie eval gold.jsonl pred.jsonl --json
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cn-invest-ie", description="Investment events from Chinese press releases, with exact values and spans.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command")

    ex = sub.add_parser("extract", help="extract mentions and events from .txt/.jsonl files or stdin",
                        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH", help=".txt (one document), .jsonl (one per line), or - for stdin")
    ex.add_argument("-o", "--output", default="-", metavar="OUT", help="output JSONL file (default: stdout)")
    ex.add_argument("--format", choices=("jsonl", "csv", "xlsx"), default=None,
                    help="jsonl (default), or csv/xlsx: one row per event for spreadsheets "
                         "(default: from OUT's suffix)")
    ex.add_argument("--published", default=None, metavar="DATE",
                    help="publication date (YYYY-MM-DD) for documents that do not carry one")
    ex.add_argument("--errors", default=None, metavar="FILE",
                    help="write failed documents here (default: OUT.errors.jsonl when -o is a file)")
    ex.add_argument("--no-events", action="store_true", help="mentions only")
    ex.add_argument("-q", "--quiet", action="store_true", help="no messages on stderr except errors")

    ev = sub.add_parser("eval", help="score predictions against a gold JSONL file (ANNOTATION.md scoring)")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predictions; omitted: run the extractor on GOLD")
    ev.add_argument("--json", action="store_true", help="print a machine-readable JSON report")
    ev.add_argument("--errors", action="store_true", help="list each error (doc id, gold vs predicted, context)")
    ev.add_argument("--labels", default=None, help="comma-separated labels to score (default: all)")
    _add_ecosystem_commands(sub)
    return p


_CONVERT_EXAMPLES = """examples:
  cn-invest-ie convert results.jsonl --to labelstudio -o tasks.json     # pre-annotation for Label Studio
  cn-invest-ie convert export.json -o gold.jsonl                        # Label Studio export back to JSONL
  cn-invest-ie convert gold.jsonl --to doccano -o doccano.jsonl
  cn-invest-ie convert gold.jsonl --to brat -o brat_dir/ && cn-invest-ie convert brat_dir/ -o back.jsonl
formats: jsonl (ANNOTATION.md, with text), doccano, labelstudio, brat (a directory); see docs/formats.md
"""

_REPORT_EXAMPLES = """examples:
  cn-invest-ie report results.jsonl -o report.html     # extraction JSONL that includes text (or gold files)
  cn-invest-ie report releases/ page.html -o report.html --published 2024-04-01   # raw inputs: extracted here
  cat releases.jsonl | cn-invest-ie report - -o report.html   # raw JSONL on stdin
"""


def _add_ecosystem_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cn_invest_ie.io.formats import FORMATS, OFFSET_MODES

    cv = sub.add_parser("convert", help="convert annotations: ANNOTATION.md JSONL, doccano, Label Studio, brat",
                        epilog=_CONVERT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    cv.add_argument("input", metavar="IN", help="input file, brat directory, or - for stdin")
    cv.add_argument("--from", dest="from_fmt", choices=("auto", *FORMATS), default="auto",
                    help="input format (default: detected; our JSONL when unsure)")
    cv.add_argument("--to", dest="to_fmt", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    cv.add_argument("-o", "--output", default="-", metavar="OUT", help="output file or brat directory (default: stdout)")
    cv.add_argument("--offsets", choices=OFFSET_MODES, default="auto",
                    help="how the tool counts offsets: auto (UTF-16 for Label Studio/doccano, checked), codepoint, utf16")
    cv.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")

    rp = sub.add_parser("report", help="an HTML report: highlighted mentions, events, summary and chart",
                        epilog=_REPORT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    rp.add_argument("paths", nargs="+", metavar="IN",
                    help="extraction JSONL with text, or .txt/.html/.jsonl inputs to extract; - for stdin")
    rp.add_argument("-o", "--output", default="report.html", metavar="OUT", help="HTML file (default: report.html; - for stdout)")
    rp.add_argument("--published", default=None, metavar="DATE", help="publication date for raw inputs without one")
    rp.add_argument("--title", default="cn_invest_ie report", help="page title")
    rp.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")


def cmd_extract(args: argparse.Namespace) -> int:
    from cn_invest_ie.api import Config, Extractor
    from cn_invest_ie.io.jsonl import InputError, read_inputs
    from cn_invest_ie.io.writers import open_writer

    extractor = Extractor(Config(events=not args.no_events))
    failures: list[str] = []
    n_ok = 0
    out = open_writer(args.output, args.format)
    try:
        for item in read_inputs(args.paths):
            if isinstance(item, InputError):
                failures.append(str(item))
                print(f"error: {item}", file=sys.stderr)
                continue
            doc = extractor.extract(item.text, published=item.published or args.published, id=item.id)
            record = doc.to_dict()
            for k, v in item.extra.items():
                record.setdefault(k, v)
            out.write(record, item.text)
            n_ok += 1
    finally:
        out.close()
    err_path = args.errors or (args.output + ".errors.jsonl" if args.output != "-" and failures else None)
    if failures and err_path:
        with open(err_path, "w", encoding="utf-8") as f:
            for msg in failures:
                f.write(json.dumps({"error": msg}, ensure_ascii=False) + "\n")
    if not args.quiet:
        print(f"{n_ok} documents extracted, {len(failures)} failed", file=sys.stderr)
    return EXIT_PARTIAL if failures else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from cn_invest_ie.evaluate import LABELS, Scorer, load_jsonl

    gold = load_jsonl(args.gold)
    if args.pred:
        pred = load_jsonl(args.pred)
    else:
        from cn_invest_ie.api import Config, Extractor
        from cn_invest_ie.types import Label

        wanted = frozenset(Label(x) for x in args.labels.split(",")) if args.labels else frozenset(Label)
        extractor = Extractor(Config(labels=wanted, events=not args.labels))
        pred = {did: extractor.extract(g["text"], published=g.get("published"), id=did).to_dict()
                for did, g in gold.items()}
    labels = args.labels.split(",") if args.labels else LABELS
    report = Scorer(labels).score(gold, pred)
    if args.json:
        data = report.to_dict()
        if args.errors:
            data["errors"] = report.errors
        print(json.dumps(data, ensure_ascii=False, default=str))
        return EXIT_OK
    print(report.table())
    if args.errors:
        for e in report.errors:
            print(json.dumps(e, ensure_ascii=False, default=str))
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    from cn_invest_ie.io.formats import convert

    result = convert(args.input, args.output, args.from_fmt, args.to_fmt, offsets=args.offsets, quiet=args.quiet)
    for err in result.errors:
        print(f"error: {err}", file=sys.stderr)
    if not args.quiet:
        print(f"{result.written} documents converted, {len(result.errors)} failed", file=sys.stderr)
    return EXIT_PARTIAL if result.errors else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from cn_invest_ie.report import write_report

    shown, errors = write_report(args.paths, args.output, published=args.published, quiet=args.quiet,
                                 title=args.title)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    if not args.quiet:
        print(f"{shown} documents in {args.output}, {len(errors)} failed", file=sys.stderr)
    return EXIT_PARTIAL if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.version:
        from cn_invest_ie import __version__

        print(__version__)
        return EXIT_OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command in ("convert", "report"):
            return cmd_convert(args) if args.command == "convert" else cmd_report(args)
        return cmd_eval(args)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
