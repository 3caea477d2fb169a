"""Long documents in bounded chunks, and batches over worker processes with a per-document time limit.

Long documents: a text longer than :data:`LONG_TEXT_CHARS` is split at paragraph boundaries (else sentence ends,
else clause punctuation, else a hard cut) into chunks of at most that many characters; each chunk is extracted on
its own and its mention and event offsets are shifted back into the whole text. The extraction working set
(normalized copy, offset map, tokens, candidates) is bounded by the chunk size, and time grows linearly with the
length. The trade-off: context does not cross a chunk boundary, so events are linked per chunk (one investment
stated in two chunks gives two events), dates without a year take it from ``published`` or their own chunk, and a
mention cut by a hard split (``LONG_TEXT_CHARS`` characters without a newline, punctuation or space) is dropped
rather than reported as a fragment.

Batches: :func:`extract_stream` yields one result per input item, in input order: a :class:`~cn_invest_ie.types.
Document`, or a :class:`Failure` for an item that raised, timed out or killed its worker. With ``n_process > 1`` or
a ``timeout`` it runs worker processes, each building its own :class:`~cn_invest_ie.api.Extractor` once; a worker
that exceeds the time limit or dies is replaced and only the document it was working on fails.
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from cn_invest_ie.types import Document, Event, Mention

if TYPE_CHECKING:  # multiprocessing is imported when a pool starts, not with the package
    from multiprocessing.connection import Connection

    from cn_invest_ie.api import Config, Extractor

# Texts longer than this are extracted in chunks of at most this many characters. Press releases are far shorter
# (the development corpus' longest is 4,266); a chunk this size takes about a second at worst (dense amounts).
LONG_TEXT_CHARS = 20_000

_SENTENCE_ENDS = "。！？!?；;"
_CLAUSE_ENDS = "，,、：:）)」』”\"' \t\u3000"
_BREAKS = frozenset("\n" + _SENTENCE_ENDS + _CLAUSE_ENDS)
# A hard cut backs off this far to avoid splitting a number or a Latin word.
_HARD_CUT_BACKOFF = 64
_NUMERAL = frozenset("0123456789０１２３４５６７８９.,．，零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億")


# -- long documents ---------------------------------------------------------------------------------------------
def split_text(text: str, max_chars: int = LONG_TEXT_CHARS) -> list[tuple[int, int]]:
    """Half-open spans covering ``text`` in order, each at most ``max_chars`` long (``max_chars >= 1``).

    A span ends after the last newline that fits, else after the last sentence end (。！？；), else after the last
    clause mark or space, else (a hard cut) between two characters that are not both digits, numerals or Latin
    letters when there is such a place in the last 64, else at ``max_chars`` exactly. Linear in ``len(text)``.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end the chunk starting at ``start``: after a separator in ``text[start+1:limit]``, else ``limit``."""
    p = text.rfind("\n", start + 1, limit)
    if p != -1:
        return p + 1
    for marks in (_SENTENCE_ENDS, _CLAUSE_ENDS):
        best = max(text.rfind(c, start + 1, limit) for c in marks)
        if best != -1:
            return best + 1
    for p in range(limit, max(start + 1, limit - _HARD_CUT_BACKOFF), -1):
        if not (_is_word(text[p - 1]) and _is_word(text[p])):
            return p
    return limit


def _is_word(c: str) -> bool:
    return c in _NUMERAL or (c.isascii() and c.isalnum())


def is_hard_cut(text: str, pos: int) -> bool:
    """Whether a chunk boundary at ``pos`` is not after a break (newline, sentence end, clause mark, space)."""
    return 0 < pos < len(text) and text[pos - 1] not in _BREAKS


def extract_long(
    extractor: Extractor, text: str, *, published: str | None = None, id: str | None = None,
    max_chars: int = LONG_TEXT_CHARS,
) -> Document:
    """Extract ``text`` chunk by chunk (see the module docstring); offsets in the result index ``text``."""
    mentions: list[Mention] = []
    events: list[Event] = []
    for start, end in split_text(text, max_chars):
        part = extractor.extract(text[start:end], published=published)
        # a hard cut may split a number or a name: what touches it is a fragment, not a mention
        cuts = {p - start for p in (start, end) if is_hard_cut(text, p)}
        mentions += (replace(m, start=m.start + start, end=m.end + start) for m in part.mentions
                     if m.start not in cuts and m.end not in cuts)
        events += (_shift_event(e, start) for e in part.events
                   if not any(s in cuts or t in cuts for _name, (s, t) in e.evidence))
    return Document(text=text, mentions=tuple(mentions), events=tuple(events), id=id, published=published)


def _shift_event(event: Event, delta: int) -> Event:
    if not delta:
        return event
    sentence = (event.sentence[0] + delta, event.sentence[1] + delta) if event.sentence is not None else None
    evidence = tuple((name, (s + delta, e + delta)) for name, (s, e) in event.evidence)
    return replace(event, sentence=sentence, evidence=evidence)


# -- batches ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Failure:
    """An input item that gave no document. ``kind``: ``error`` (it raised), ``timeout`` or ``crash`` (its worker
    died). ``message`` is one line; ``exception`` is the exception raised, when there was one."""

    index: int
    id: str | None
    kind: str
    message: str
    exception: BaseException | None = None


class ExtractionError(RuntimeError):
    """An item of :meth:`~cn_invest_ie.api.Extractor.extract_many` timed out or killed its worker process."""


def item_id(item: Any) -> str | None:
    """The ``id`` of an input item (``None`` for plain strings and items without one)."""
    if isinstance(item, dict) and item.get("id") is not None:
        return str(item["id"])
    return None


def _item_text(item: Any) -> str:
    return item if isinstance(item, str) else item["text"]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def extract_stream(
    config: Config, items: Iterable[Any], *, n_process: int = 1, chunksize: int = 8, timeout: float | None = None,
) -> Iterator[Document | Failure]:
    """One :class:`Document` or :class:`Failure` per item of ``items`` (``str`` or ``{"id", "text", "published"}``),
    in input order, never raising for a bad item.

    ``n_process``: worker processes (1: extract in this process unless ``timeout`` is set). ``timeout``: seconds
    one document may take; the worker running longer is killed and replaced, and that document fails. Input is read
    lazily and at most ``4 * n_process * chunksize`` items are held at once.
    """
    n_process = max(1, n_process)
    chunksize = max(1, chunksize)
    if n_process == 1 and timeout is None:
        yield from _extract_here(config, items)
        return
    yield from _Pool(config, n_process, chunksize, timeout).run(items)


def parallel_extract(
    config: Config, items: Iterable[Any], *, n_process: int, chunksize: int = 8, timeout: float | None = None,
) -> Iterator[Document]:
    """:func:`extract_stream` for :meth:`~cn_invest_ie.api.Extractor.extract_many`: documents in input order; an
    item that fails re-raises its exception (or :class:`ExtractionError` on a timeout or a dead worker) after every
    document before it has been yielded."""
    for result in extract_stream(config, items, n_process=n_process, chunksize=chunksize, timeout=timeout):
        if isinstance(result, Failure):
            if result.exception is not None:
                raise result.exception
            raise ExtractionError(f"item {result.index}: {result.message}")
        yield result


def _make_extractor(config: Config) -> Extractor:
    """The extractor of one process (this one, or a worker)."""
    from cn_invest_ie.api import Extractor

    return Extractor(config)


def _extract_here(config: Config, items: Iterable[Any]) -> Iterator[Document | Failure]:
    extractor = _make_extractor(config)
    for index, item in enumerate(items):
        try:
            doc = extractor._extract_item(item)
        except Exception as exc:  # one bad item fails alone
            yield Failure(index, item_id(item), "error", _one_line(exc), exc)
        else:
            yield doc


def _worker_main(conn: Connection, config: Config) -> None:
    """A worker process: build one Extractor, then extract the batches sent by the parent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = os.getppid()
    extractor = _make_extractor(config).warm_up()
    conn.send(("ready", None))
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:  # the parent died without telling us
                return
        try:
            batch = conn.recv()
        except EOFError:
            return
        if batch is None:
            return
        for seq, item in batch:
            try:
                result: Any = ("ok", replace(extractor._extract_item(item), text=""))  # the parent has the text
            except Exception as exc:
                try:
                    pickle.dumps(exc)
                    result = ("error", exc)
                except Exception:
                    result = ("error", RuntimeError(_one_line(exc)))
            conn.send((seq, result))


class _Worker:
    def __init__(self, ctx: Any, config: Config) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, config), daemon=True, name="cn-invest-ie-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.batch: deque[tuple[int, Any]] = deque()  # sent and not yet answered, in order
        self.since = 0.0  # when the first item of ``batch`` started

    def send(self, batch: list[tuple[int, Any]]) -> None:
        self.batch.extend(batch)
        self.since = time.monotonic()
        self.conn.send(batch)

    def stop(self, kill: bool = False) -> None:
        if not kill and self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(1.0)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"worker process was killed by {name}{hint}"
    return f"worker process exited with code {code}"


class _Pool:
    """Worker processes fed in batches; results reordered to input order; timeouts and dead workers handled."""

    def __init__(self, config: Config, n_process: int, chunksize: int, timeout: float | None) -> None:
        self.config = config
        self.n = n_process
        self.chunksize = chunksize
        self.timeout = timeout
        import multiprocessing

        self.ctx = multiprocessing.get_context()
        self.window = 4 * n_process * chunksize
        self.failed_starts = 0

    def _spawn(self) -> _Worker:
        return _Worker(self.ctx, self.config)

    def run(self, items: Iterable[Any]) -> Iterator[Document | Failure]:
        source = enumerate(items)
        retry: deque[tuple[int, Any]] = deque()  # items of a replaced worker's batch, to send again
        done: dict[int, Document | Failure] = {}
        next_out = 0  # the next result to yield
        n_read = 0  # items taken from ``items`` so far
        exhausted = False
        workers = [self._spawn() for _ in range(self.n)]
        try:
            while True:
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                # feed idle workers, never running more than ``window`` items ahead of the next result out
                for w in workers:
                    if not w.ready or w.batch:
                        continue
                    batch: list[tuple[int, Any]] = []
                    while len(batch) < self.chunksize:
                        if retry:
                            batch.append(retry.popleft())
                            continue
                        if exhausted or n_read >= next_out + self.window:
                            break
                        try:
                            batch.append(next(source))
                            n_read += 1
                        except StopIteration:
                            exhausted = True
                    if batch:
                        try:
                            w.send(batch)
                        except OSError:
                            pass  # it died; its sentinel says so below
                if exhausted and not retry and not any(w.batch for w in workers):
                    return
                if all(w.ready and not w.batch for w in workers):  # nothing to wait for: a bug, not a hang
                    raise RuntimeError(f"batch stalled at item {next_out} with nothing in flight")
                self._wait(workers)
                for i, w in enumerate(workers):
                    replaced = self._collect(w, done, retry)
                    if replaced:
                        workers[i] = self._spawn()
        finally:
            for w in workers:
                w.stop(kill=bool(w.batch))  # a busy worker's result is not wanted any more

    def _wait(self, workers: list[_Worker]) -> None:
        from multiprocessing.connection import wait

        objs: list[Any] = []
        for w in workers:
            objs.append(w.proc.sentinel)
            if w.batch or not w.ready:
                objs.append(w.conn)
        wait_for: float | None = None
        if self.timeout is not None:
            busy = [w.since + self.timeout for w in workers if w.batch]
            if busy:
                wait_for = max(0.0, min(busy) - time.monotonic())
        wait(objs, wait_for)

    def _collect(self, w: _Worker, done: dict[int, Document | Failure], retry: deque[tuple[int, Any]]) -> bool:
        """Read what ``w`` has sent; fail its current item on a timeout or death. True when ``w`` must be replaced."""
        try:
            while w.conn.poll():
                tag, payload = w.conn.recv()
                if tag == "ready":
                    w.ready = True
                    continue
                seq, item = w.batch.popleft()
                assert seq == tag, (seq, tag)
                status, value = payload
                if status == "ok":
                    done[seq] = replace(value, text=_item_text(item))
                else:
                    done[seq] = Failure(seq, item_id(item), "error", _one_line(value), value)
                w.since = time.monotonic()
        except (EOFError, OSError):
            pass  # the worker died mid-message; handled as a death below
        if not w.proc.is_alive() or w.conn.closed:
            w.proc.join()
            code = w.proc.exitcode
            w.stop(kill=True)
            if not w.ready:
                self.failed_starts += 1
                if self.failed_starts > 2 * self.n:
                    raise RuntimeError(f"worker processes fail to start ({_death(code)})")
            self._fail_current(w, done, retry, "crash", _death(code))
            return True
        if self.timeout is not None and w.batch and time.monotonic() - w.since >= self.timeout:
            w.stop(kill=True)
            self._fail_current(w, done, retry, "timeout", f"extraction took longer than {self.timeout:g} s")
            return True
        return False

    @staticmethod
    def _fail_current(
        w: _Worker, done: dict[int, Document | Failure], retry: deque[tuple[int, Any]], kind: str, message: str,
    ) -> None:
        if not w.batch:
            return
        seq, item = w.batch.popleft()
        done[seq] = Failure(seq, item_id(item), kind, message)
        retry.extendleft(reversed(w.batch))
        w.batch.clear()
