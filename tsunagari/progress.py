"""Progress bars on stderr for the long steps, silent unless a program asks for them.

The library wraps its long steps (reading and checking a big network, the what-if for every
supporter, laying out a big map, generating a city) in :func:`progress`, with a label and,
when it is known, a total. Nothing is drawn unless a program switched progress on with
:func:`shown` (the command line does, unless ``--quiet``) *and* stderr is a terminal: a
notebook, a script or a pipe gets nothing, and a silent step costs one function call.

Drawing uses rich, imported only when a bar is drawn. All bars open at one time share one
display on stderr, nested steps on the lines below; it is redrawn at most ``REFRESH`` times a
second (never on :meth:`Bar.advance` itself), and erased when the outermost step ends, so a
terminal is left with the command's output only. Nothing is written to stdout.

Labels name steps, files, ids and counts only, never a resident's name or needs: a terminal
is read over shoulders and kept in scrollback and logs. A label is a
:class:`~tsunagari.words.Message` of the catalogue, drawn in the language :func:`shown` was
given (the command line's ``--lang``), or text as it is.

Examples
--------
>>> with progress("reading nodes.csv") as bar:  # silent here: progress is off
...     bar.advance(500)
>>> bar.done
500
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .words import Message

__all__ = [
    "LARGE",
    "Bar",
    "drawing",
    "is_large",
    "iterate",
    "large_input",
    "progress",
    "shown",
    "silence",
]

LARGE = 20_000  # rows (nodes + supports): a smaller network loads and analyses too fast to show
REFRESH = 4  # redraws per second, at most
_CHUNK = 200  # a bar with a total is handed to the display every 1/_CHUNK of it

T = TypeVar("T")

_lock = threading.RLock()
_on = False  # switched by shown()
_lang = "en"  # the labels' language, set by shown()
_display = None  # the rich Progress while a bar is drawn
_bars = 0  # bars drawn now


class Bar:
    """One step in progress: :meth:`advance` it as the work gets done.

    ``advance`` is cheap (an addition and a comparison; the display hears of it about 200
    times over the whole total), so a loop may call it every round, but a loop over millions
    of rows should still advance in chunks.

    Attributes
    ----------
    label : Message or str
    total : int or None
        ``None``: the amount of work is unknown (a spinner and the time taken).
    done : int
    """

    __slots__ = ("_display", "_next", "_task", "done", "label", "total")

    def __init__(self, label: Message | str, total: int | None) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._display = None  # the display drawing this bar, and its task there
        self._task = None
        self._next: float = float("inf")  # silent bars never reach it

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more units of work done."""
        self.done += n
        if self.done >= self._next:
            self._push()

    def update(
        self,
        done: int | None = None,
        *,
        total: int | None = None,
        label: Message | str | None = None,
    ) -> None:
        """Set the work done, the total and/or the label (a new step of the same bar)."""
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if label is not None:
            self.label = label
        if self._task is not None:
            self._push()
            if label is not None and self._display is _display:  # a new step: shown now,
                self._display.refresh()  # not at the next redraw (it may end before)

    def _push(self) -> None:
        display = self._display
        if display is None or display is not _display:  # ended, or its display was stopped
            self._next = float("inf")
            return
        description = _text(self.label)
        display.update(self._task, completed=self.done, total=self.total, description=description)
        # without a total the display shows no count: it need not hear of every unit
        self._next = self.done + max(1, self.total // _CHUNK) if self.total else float("inf")


def _text(label: Message | str) -> str:
    """A label as drawn: a message in the language :func:`shown` was given."""
    return label.text(_lang) if isinstance(label, Message) else label


def drawing() -> bool:
    """Whether a bar started now is drawn: progress is on and stderr is a terminal."""
    if not _on:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False


@contextmanager
def shown(on: bool = True, lang: str = "en") -> Iterator[None]:
    """Draw progress bars (on a terminal) while inside, or not with ``on=False``; their
    messages in ``lang``.

    The command line runs every command inside ``shown(not quiet, lang)``. The previous
    settings are restored on the way out, and the outermost one erases any bar still drawn
    (a loop left by an exception holds its bar until the traceback is freed), so that what
    the program prints next starts on a clean line.
    """
    global _on, _lang
    with _lock:
        before, _on = _on, on
        spoken, _lang = _lang, lang
    try:
        yield
    finally:
        with _lock:
            _on, _lang = before, spoken
            if not before:
                _stop()


def silence() -> None:
    """Draw nothing more in this process: a forked child's (:mod:`tsunagari.aside`), whose
    parent draws the bars. No lock is taken: the parent's threads are not in the child."""
    global _on, _display, _bars
    _on, _display, _bars = False, None, 0


def is_large(rows: int) -> bool:
    """Whether a network of ``rows`` rows (nodes + supports) is big enough to show progress."""
    return rows >= LARGE


def large_input(*paths: str | os.PathLike[str]) -> bool:
    """Whether input files hold a large network, judged only when a bar would be drawn.

    Counts the lines of CSV files, stopping at :data:`LARGE`; any other file (a workbook)
    is judged by its size. Returns ``False`` at no cost when progress is not drawn.
    """
    if not drawing():
        return False
    lines = 0
    for path in paths:
        try:
            if str(path).lower().endswith(".csv"):
                with open(path, "rb") as handle:
                    lines -= 1  # the header
                    while lines < LARGE and (block := handle.read(1 << 20)):
                        lines += block.count(b"\n")
            else:
                lines += os.path.getsize(path) // 32  # a compressed row is about 32 bytes
        except OSError:
            continue  # the reader reports the file properly
    return is_large(lines)


@contextmanager
def progress(label: Message | str, total: int | None = None, *, show: bool = True) -> Iterator[Bar]:
    """A step of work, drawn as a bar on stderr when progress is on and stderr a terminal.

    Parameters
    ----------
    label : Message or str
        What is being done: steps, file names, ids and counts only, never a resident's name
        or needs (a message is drawn in the language of :func:`shown`).
    total : int, optional
        Units of work to do (rows, nodes, steps); without it, a spinner and the time taken.
    show : bool
        ``False`` keeps this step silent (a step that is quick on this input).

    Yields
    ------
    Bar
        Advance it as the work gets done; a silent bar counts but draws nothing.
    """
    bar = Bar(label, total)
    if not (show and drawing()):
        yield bar
        return
    display = _open()
    if display is None:  # rich is missing: stay silent
        yield bar
        return
    try:
        with _lock:
            bar._display, bar._task = display, display.add_task(_text(label), total=total)
            display.refresh()  # the step named at once, however quick it is
        bar._next = 0
        yield bar
    finally:
        _close(bar)


def iterate(
    items: Iterable[T], label: Message | str, *, total: int | None = None, show: bool = True
) -> Iterator[T]:
    """``items`` one by one, advancing a bar by one each: for a loop as it stands.

    ``total`` defaults to ``len(items)`` when it has one. The bar ends when the loop does
    (in CPython also on ``break`` or an exception, when the loop lets go of the iterator).
    """
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with progress(label, total, show=show) as bar:
        for item in items:
            yield item
            bar.advance()


def _open():
    """The shared display, started on the first bar (``None`` without rich)."""
    global _display, _bars
    with _lock:
        if _display is None:
            try:
                _display = _new_display()
            except ImportError:
                return None
            _display.start()
        _bars += 1
        return _display


def _close(bar: Bar) -> None:
    global _display, _bars
    with _lock:
        display, bar._display, bar._next = bar._display, None, float("inf")
        if display is None or display is not _display:  # never drawn, or stopped by _stop
            return
        if bar._task is not None:
            display.remove_task(bar._task)
        _bars -= 1
        if _bars <= 0:
            _bars, _display = 0, None
            display.stop()


@atexit.register
def _stop() -> None:
    """Erase every bar and give the terminal its cursor back, even if a bar was left open."""
    global _display, _bars
    with _lock:
        display, _display, _bars = _display, None, 0
        if display is not None:
            display.stop()


def _new_display():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Count(ProgressColumn):
        """``done/total`` with thousands separators; nothing without a total."""

        def render(self, task) -> Text:
            if task.total is None:
                return Text("")
            return Text(f"{int(task.completed):,}/{int(task.total):,}", style="progress.download")

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=30),
        Count(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        refresh_per_second=REFRESH,
        redirect_stdout=False,
        redirect_stderr=False,
    )
