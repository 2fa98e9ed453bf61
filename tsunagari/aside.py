"""An array computed in a second process while this one goes on, where that is safe.

A GEXF export lays the map out (a few hundred milliseconds for a city) and analyses the
network (as long again), and neither needs the other. :func:`aside` starts the first in a
forked child on Linux with two cores or more, and hands back a function that waits for its
array; anywhere else, or if the fork or the child fails, that function computes the array
here. Either way the array is the same: the child runs the same code on the same data, and
sends the result back through a pipe as ``.npy`` bytes.

The child draws no progress bar, writes nothing but the pipe, and leaves by ``os._exit``
(no exit handlers of the parent's run twice); if the caller leaves before asking for the
array, the child is killed and reaped.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from . import progress

__all__ = ["aside", "forks"]


def forks() -> bool:
    """Whether :func:`aside` forks here: Linux (where a fork of a process with threads
    is well understood) with at least two cores for this process."""
    if sys.platform != "linux":
        return False
    return len(os.sched_getaffinity(0)) >= 2


@contextmanager
def aside(work: Callable[[], np.ndarray]) -> Iterator[Callable[[], np.ndarray]]:
    """``work`` begun in a forked child; yields a function returning its array (computed
    here instead when the child cannot give it)."""
    if not forks():
        yield work
        return
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for a child: done here
        os.close(read)
        os.close(write)
        yield work
        return
    if pid == 0:
        _child(work, read, write)
    os.close(write)
    got: list[np.ndarray] = []  # the array, once asked for
    reaped = False

    def result() -> np.ndarray:
        nonlocal reaped
        if not got:
            with os.fdopen(read, "rb", closefd=False) as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            reaped = True
            array = _array(data) if os.waitstatus_to_exitcode(status) == 0 else None
            got.append(work() if array is None else array)
        return got[0]

    try:
        yield result
    finally:
        os.close(read)
        if not reaped:  # the caller left without the array: the child's work is not wanted
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _array(data: bytes) -> np.ndarray | None:
    """The child's array, None if its bytes are not a whole one."""
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, EOFError):
        return None


def _child(work: Callable[[], np.ndarray], read: int, write: int) -> None:
    """The forked child: ``work``'s array into the pipe, then out, whatever happens."""
    code = 1
    try:
        os.close(read)
        progress.silence()  # the parent's bars are the parent's
        npy = io.BytesIO()  # (np.save writes an array's data to a file by its position)
        np.save(npy, work(), allow_pickle=False)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(npy.getbuffer())
        code = 0
    finally:
        os._exit(code)
