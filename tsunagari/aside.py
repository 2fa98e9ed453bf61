"""Work done in a second process while this one goes on, where that is safe.

A GEXF export lays the map out while it analyses the network, and writes the supports'
section while it writes the nodes': neither of each pair needs the other. On Linux with two
cores or more, :func:`aside` (an array) and :func:`written_aside` (bytes for a file) fork a
child that writes the work's result to an unnamed temporary file, and hand back a function
that waits for it; anywhere else, or if the fork or the child fails, that function does the
work here. Either way the result is the same: the child runs the same code on the same data.

The child draws no progress bar, prints nothing, writes nothing but its file, and leaves by
``os._exit`` (no exit handler or buffered output of the parent's runs twice); if the caller
leaves before asking for the result, the child is killed and reaped, and its file is gone.
A child's file holds a section of the output until it is copied in: that much more disk
while the export runs. The callers fork only for a network big enough to gain from it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

import numpy as np

from . import progress

__all__ = ["aside", "forks", "written_aside"]


def forks() -> bool:
    """Whether work is done aside here: Linux (where the child of a process with threads
    can be kept to code that takes none of their locks) with at least two cores for this
    process."""
    if sys.platform != "linux":
        return False
    return len(os.sched_getaffinity(0)) >= 2


@contextmanager
def aside(work: Callable[[], np.ndarray]) -> Iterator[Callable[[], np.ndarray]]:
    """``work`` begun in a forked child; yields a function returning its array (computed
    here instead when the child cannot give it)."""
    with _in_a_child(lambda file: np.save(file, work(), allow_pickle=False)) as written:
        got: list[np.ndarray] = []

        def result() -> np.ndarray:
            if not got:
                file = written()
                array = None if file is None else _array(file)
                got.append(work() if array is None else array)
            return got[0]

        yield result


@contextmanager
def written_aside(
    write: Callable[[BinaryIO], object], folder: Path
) -> Iterator[Callable[[BinaryIO], None]]:
    """``write`` (of a binary file) begun in a forked child, into an unnamed file in
    ``folder`` (the output's: a city's section is big for a temporary folder in memory);
    yields a function that writes the same bytes to a file, once: the child's copied, or
    ``write``'s own when the child failed."""
    with _in_a_child(write, folder) as written:

        def copy(out: BinaryIO) -> None:
            file = written()
            if file is None:
                write(out)
            else:
                shutil.copyfileobj(file, out, 1 << 20)

        yield copy


@contextmanager
def _in_a_child(
    write: Callable[[BinaryIO], object], folder: Path | None = None
) -> Iterator[Callable[[], BinaryIO | None]]:
    """``write`` of an unnamed file, done in a forked child; yields a function that waits
    for it: the file, read from its start, or None if no child wrote it whole (its file
    then emptied: the work done here needs the disk)."""
    child = _forked(write, folder) if forks() else None
    if child is None:
        yield lambda: None
        return
    pid, file, held = child
    reaped = False

    def written() -> BinaryIO | None:
        nonlocal reaped
        if reaped:
            raise RuntimeError("a child's file is read once")
        try:
            _, status = os.waitpid(pid, 0)
            whole = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:  # reaped by someone else (SIGCHLD ignored): not known
            whole = False
        reaped = True
        if not whole:
            file.truncate(0)
            return None
        file.seek(0)  # (the child's writes moved the offset it shares with us)
        return file

    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # the child is killed if need be
        yield written
    finally:
        try:
            if not reaped:  # the caller left without the result: the child's is not wanted
                with suppress(ProcessLookupError, ChildProcessError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        finally:
            file.close()


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _forked(write: Callable[[BinaryIO], object], folder: Path | None) -> tuple | None:
    """A child doing ``write`` of an unnamed file in ``folder``: its pid, the file and the
    signal mask to restore once the caller is ready to kill it, or None if no file or
    child could be had. Interrupts wait until each side is ready: the child never unwinds
    the caller's frames (it would flush their files a second time)."""
    try:
        file = tempfile.TemporaryFile(dir=folder)
    except OSError:  # no room, no folder, no files left: done here
        return None
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        with warnings.catch_warnings():  # Python 3.12+ warns of a fork beside threads,
            # after it (an error under -W error would lose the child): see _child
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:  # no memory or processes left for a child
        pid = -1
    if pid == 0:
        _child(write, file, held)
    if pid < 0:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        file.close()
        return None
    return pid, file, held


def _array(file: BinaryIO) -> np.ndarray | None:
    """The child's array, None if its bytes are not a whole one."""
    try:
        return np.load(file, allow_pickle=False)
    except (ValueError, EOFError):
        return None


def _child(write: Callable[[BinaryIO], object], file: BinaryIO, held: set) -> None:
    """The forked child: ``write`` into ``file``, then out, whatever happens. An interrupt
    ends it at once (the parent, interrupted too, kills it anyway); it prints nothing and
    warns of nothing (another thread of the parent's may have held stderr's lock), and
    draws no bar (the parent's are the parent's)."""
    code = 1
    try:
        for number in _SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        nothing = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nothing, 1)
        os.dup2(nothing, 2)
        warnings.simplefilter("ignore")
        progress.silence()
        write(file)
        file.flush()
        code = 0
    finally:
        os._exit(code)
