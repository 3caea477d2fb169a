"""Command line: ``cn-invest-ie extract``, ``eval``, ``convert``, ``report``. Commands only; the logic lives in the
package.

Exit codes: 0 success, 1 runtime error, 2 usage error, 3 finished but some documents failed (each named on stderr
and, with ``-o FILE``, in ``FILE.errors.jsonl``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cn_invest_ie.io.jsonl import InputRecord
    from cn_invest_ie.io.writers import Writer

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

_EXTRACT_EXAMPLES = """examples:
  cn-invest-ie extract examples/release.txt --published 2024-04-01
  cn-invest-ie extract releases.jsonl -o results.jsonl
  cn-invest-ie extract releases/ -o results.jsonl --jobs 4 --timeout 60 --skip-existing   # resumable batch
  cn-invest-ie extract releases.jsonl --with-text -o results.jsonl   # for convert (pre-annotation) and report
  echo '签约项目8个，总投资120亿元。' | cn-invest-ie extract -
"""

_EXAMPLES = _EXTRACT_EXAMPLES + """  cn-invest-ie eval gold.jsonl               # run the extractor on the gold texts and score
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
                        epilog=_EXTRACT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help=".txt (one document; UTF-8, GBK/GB18030 or Big5), .jsonl (one per line), .json, .html, "
                         "a directory of them, or - for stdin")
    ex.add_argument("-o", "--output", default="-", metavar="OUT", help="output JSONL file (default: stdout)")
    ex.add_argument("--format", choices=("jsonl", "csv", "xlsx"), default=None,
                    help="jsonl (default), or csv/xlsx: one row per event for spreadsheets "
                         "(default: from OUT's suffix)")
    ex.add_argument("--published", default=None, metavar="DATE",
                    help="publication date (YYYY-MM-DD) for documents that do not carry one")
    ex.add_argument("--errors", default=None, metavar="FILE",
                    help="write failed documents here (default: OUT.errors.jsonl when -o is a file)")
    ex.add_argument("--no-events", action="store_true", help="mentions only")
    ex.add_argument("--with-text", action="store_true",
                    help="JSONL: write each document's text too (the full ANNOTATION.md shape, which convert and "
                         "report read)")
    ex.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                    help="worker processes (default: 1; 0: one per CPU)")
    ex.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                    help="fail a document that takes longer than this (runs extraction in a worker process)")
    ex.add_argument("--skip-existing", action="store_true",
                    help="resume: skip ids already in OUT and append to it (JSONL); default: OUT is replaced "
                         "at the end of the run")
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
  cn-invest-ie convert results.jsonl --to labelstudio -o tasks.json     # pre-annotation (extract --with-text)
  cn-invest-ie convert export.json -o gold.jsonl                        # Label Studio export back to JSONL
  cn-invest-ie convert gold.jsonl --to doccano -o doccano.jsonl
  cn-invest-ie convert gold.jsonl --to brat -o brat_dir/ && cn-invest-ie convert brat_dir/ -o back.jsonl
formats: jsonl (ANNOTATION.md, with text), doccano, labelstudio, brat (a directory); see docs/formats.md
"""

_REPORT_EXAMPLES = """examples:
  cn-invest-ie report results.jsonl -o report.html     # output of extract --with-text (or gold files)
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


def _extract_usage_error(args: argparse.Namespace, fmt: str) -> str | None:
    """What is wrong with the ``extract`` arguments before anything is read, or None."""
    if args.jobs < 0:
        return f"--jobs must be 0 (one per CPU) or more, got {args.jobs}"
    if args.timeout is not None and not args.timeout > 0:
        return f"--timeout must be a positive number of seconds, got {args.timeout:g}"
    if args.published is not None:
        try:
            dt.date.fromisoformat(args.published)
        except ValueError:
            return f"--published must be a date YYYY-MM-DD, got {args.published!r}"
    to_file = args.output != "-"
    if args.skip_existing and (not to_file or fmt != "jsonl"):
        return "--skip-existing needs -o FILE in JSONL format (it appends to the file)"
    if to_file:
        out = Path(args.output).resolve()
        if out.is_dir():
            return f"-o {args.output} is a directory"
        if any(p != "-" and Path(p).resolve() == out for p in args.paths):
            return f"-o {args.output} is also an input; it would be overwritten"
        if args.errors and Path(args.errors).resolve() == out:
            return "--errors must not be the output file"
    return None


def _open_output(path: str, fmt: str, append: bool) -> tuple[Writer, Callable[[bool], None]]:
    """The writer and a ``finish(ok)`` that makes the output final: ``OUT`` is written under a temporary name and
    renamed at the end, so an interrupted run leaves the previous ``OUT`` (or none), never half a file. With
    ``append`` (``--skip-existing``) lines go straight to ``OUT``, each flushed whole."""
    from cn_invest_ie.io.jsonl import JsonlAppendWriter
    from cn_invest_ie.io.writers import open_writer

    if path == "-":
        return open_writer("-", fmt), lambda ok: None
    target = Path(path)
    if not target.parent.is_dir():
        raise OSError(f"cannot write {path}: directory {target.parent} does not exist")
    if append:
        return JsonlAppendWriter(path), lambda ok: None
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.partial{target.suffix}")
    writer = open_writer(str(tmp), fmt)

    def finish(ok: bool) -> None:
        if ok:
            os.replace(tmp, target)
        else:
            tmp.unlink(missing_ok=True)

    return writer, finish


def cmd_extract(args: argparse.Namespace) -> int:
    from cn_invest_ie.api import Config
    from cn_invest_ie.io.jsonl import InputError, existing_ids, read_inputs
    from cn_invest_ie.io.writers import format_for_path
    from cn_invest_ie.parallel import Failure, extract_stream

    fmt = format_for_path(args.output, args.format)
    problem = _extract_usage_error(args, fmt)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    to_file = args.output != "-"
    err_path: str | None = args.errors or (args.output + ".errors.jsonl" if to_file else None)
    done_ids = existing_ids(args.output) if args.skip_existing else set()
    failures: list[dict[str, Any]] = []
    n_ok = n_skipped = 0
    pending: deque[InputRecord] = deque()  # records sent to extraction; results come back in the same order

    def fail(source: str, line: int, doc_id: str | None, message: str) -> None:
        where = f"{source}:{line}" if line else source
        failures.append({"source": source, "line": line, "id": doc_id, "error": f"{where}: {message}"})
        print(f"error: {where}: {message}", file=sys.stderr)

    def feed() -> Iterator[dict[str, Any]]:
        nonlocal n_skipped
        exclude = [p for p in (args.output, err_path) if p and p != "-"]
        for item in read_inputs(args.paths, exclude=exclude):
            if isinstance(item, InputError):
                fail(item.source, item.line, item.doc_id, item.message)
            elif item.id in done_ids:
                n_skipped += 1
            else:
                pending.append(item)
                yield {"id": item.id, "text": item.text, "published": item.published or args.published}

    jobs = args.jobs or os.cpu_count() or 1
    config = Config(events=not args.no_events)
    out, finish = _open_output(args.output, fmt, append=args.skip_existing)
    try:
        for result in extract_stream(config, feed(), n_process=jobs, timeout=args.timeout):
            rec = pending.popleft()
            if isinstance(result, Failure):
                fail(rec.source, rec.line, rec.id, f"id {rec.id!r}: {result.message}")
                continue
            record = result.to_dict()
            for k, v in rec.extra.items():
                record.setdefault(k, v)
            if args.with_text:
                record = with_text(record, rec.text)
            try:
                out.write(record, rec.text)
            except (UnicodeError, TypeError, ValueError) as exc:  # nothing written: the line is encoded first
                fail(rec.source, rec.line, rec.id, f"id {rec.id!r}: cannot write the result ({exc})")
                continue
            n_ok += 1
    except BaseException:
        out.close()
        finish(False)
        raise
    out.close()
    finish(True)
    _write_errors(err_path, failures, explicit=bool(args.errors))
    if not args.quiet:
        skipped = f", {n_skipped} skipped (already in {args.output})" if n_skipped else ""
        print(f"{n_ok} documents extracted, {len(failures)} failed{skipped}", file=sys.stderr)
    return EXIT_PARTIAL if failures else EXIT_OK


def with_text(record: dict[str, Any], text: str) -> dict[str, Any]:
    """``record`` with ``text`` before its mentions, in the key order of ANNOTATION.md."""
    out = {k: v for k, v in record.items() if k not in ("text", "mentions", "events")}
    out["text"] = text
    out["mentions"], out["events"] = record["mentions"], record.get("events", [])
    return out


def _write_errors(path: str | None, failures: list[dict[str, Any]], explicit: bool) -> None:
    """The side file of failed documents (one JSON object each); a stale default one goes when nothing failed."""
    if path is None:
        return
    if not failures and not explicit:
        Path(path).unlink(missing_ok=True)
        return
    with open(path, "w", encoding="utf-8") as f:
        for rec in failures:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


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
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # stdout closed early (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
