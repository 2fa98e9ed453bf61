"""Work done in a second process while this one goes on, where that is safe.

A GEXF export lays the map out while it analyses the network, and writes the supports'
section while it writes the nodes': neither of each pair needs the other. On Linux with two
cores or more, :func:`aside` (an array) and :func:`written_aside` (bytes for a file) fork a
child that writes the work's result to an unnamed temporary file, and hand back a function
that waits for it; anywhere else, or if the fork or the child fails, that function does the
work here. Either way the result is the same: the child runs the same code on the same data.

The child draws no progress bar, writes nothing but its file, and leaves by ``os._exit``
(no exit handler or buffered output of the parent's runs twice); if the caller leaves
before asking for the result, the child is killed and reaped, and its file is gone.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from . import progress

__all__ = ["aside", "forks", "written_aside"]


def forks() -> bool:
    """Whether work is done aside here: Linux (where a fork of a process with threads is
    well understood) with at least two cores for this process."""
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
    for it: the file, read from its start, or None if no child wrote it whole."""
    if not forks():
        yield lambda: None
        return
    with tempfile.TemporaryFile(dir=folder) as file:
        try:
            with warnings.catch_warnings():  # Python 3.12+ warns of a fork beside threads,
                # after it (an error under -W error would lose the child): the child runs
                # the work's own code and touches no lock of the parent's threads
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or processes left for a child: done here
            yield lambda: None
            return
        if pid == 0:
            _child(write, file)
        reaped = False

        def written() -> BinaryIO | None:
            nonlocal reaped
            if reaped:
                raise RuntimeError("a child's file is read once")
            _, status = os.waitpid(pid, 0)
            reaped = True
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            file.seek(0)  # (the child's writes moved the offset it shares with us)
            return file

        try:
            yield written
        finally:
            if not reaped:  # the caller left without the result: the child's is not wanted
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _array(file: BinaryIO) -> np.ndarray | None:
    """The child's array, None if its bytes are not a whole one."""
    try:
        return np.load(file, allow_pickle=False)
    except (ValueError, EOFError):
        return None


def _child(write: Callable[[BinaryIO], object], file: BinaryIO) -> None:
    """The forked child: ``write`` into ``file``, then out, whatever happens."""
    code = 1
    try:
        progress.silence()  # the parent's bars are the parent's
        write(file)
        file.flush()
        code = 0
    finally:
        os._exit(code)
