"""An array computed in a forked child while the caller goes on (:mod:`tsunagari.aside`):
the same array however it is made, and no child left behind."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import time
import warnings

import numpy as np
import pytest

from tsunagari import aside, progress

forking = pytest.mark.skipif(not aside.forks(), reason="forks only on Linux with two cores")


def where() -> np.ndarray:
    """The process that made the array, and some data."""
    return np.array([[os.getpid(), 7], [8, 9]], dtype=np.int64)


@forking
def test_the_array_is_made_in_a_child_and_handed_back():
    with aside.aside(where) as result:
        made = result()
        assert result() is made  # asked twice, made once
    assert made[0, 0] != os.getpid() and made.dtype == np.int64
    assert made[1:].tolist() == [[8, 9]] and made[0, 1] == 7


def test_without_a_fork_the_array_is_made_here(monkeypatch):
    monkeypatch.setattr(aside, "forks", lambda: False)
    with aside.aside(where) as result:
        assert result()[0, 0] == os.getpid()


def cut_short(write, file, held) -> None:
    """A child whose array is cut short, though it exits as if all were well."""
    file.write(b"\x93NUMPY\x01\x00")
    file.flush()
    os._exit(0)


@forking
@pytest.mark.parametrize("how", ["raises", "is killed", "is cut short"])
def test_a_child_that_fails_leaves_the_work_to_the_parent(how, monkeypatch):
    parent = os.getpid()

    def work() -> np.ndarray:
        if os.getpid() != parent:
            if how == "raises":
                raise MemoryError
            os.kill(os.getpid(), signal.SIGKILL)
        return where()

    if how == "is cut short":
        monkeypatch.setattr(aside, "_child", cut_short)
    with aside.aside(work) as result:
        assert result()[0, 0] == parent


@forking
def test_a_caller_that_leaves_early_leaves_no_child(monkeypatch):
    children = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(aside.os, "fork", recorded)
    with pytest.raises(KeyError), aside.aside(lambda: time.sleep(60) or where()):
        raise KeyError("the caller fails before it asks")
    (pid,) = children
    with pytest.raises(ChildProcessError):  # killed and reaped: not even a zombie
        os.waitpid(pid, os.WNOHANG)


@forking
def test_a_fork_that_warns_as_newer_pythons_do_still_hands_the_array_back(monkeypatch):
    fork = os.fork

    def warning() -> int:  # Python 3.12+ beside threads, after the fork (an error here)
        pid = fork()
        if pid:
            warnings.warn("This process is multi-threaded", DeprecationWarning, stacklevel=2)
        return pid

    monkeypatch.setattr(aside.os, "fork", warning)
    with aside.aside(where) as result:
        assert result()[0, 0] != os.getpid()


def writer(out) -> None:
    """A few chunks of bytes naming the process that wrote them."""
    for i in range(5):
        out.write(f"{os.getpid()}:{i}\n".encode() * 50_000)


def test_a_file_written_aside_is_written_whole(tmp_path):
    out = io.BytesIO()
    with aside.written_aside(writer, tmp_path) as copy:
        copy(out)
    wrote = out.getvalue().decode()
    assert wrote.count("\n") == 250_000 and wrote.endswith(":4\n")
    (by,) = {line.split(":")[0] for line in wrote.splitlines()}  # one process wrote it all
    assert (by == str(os.getpid())) != aside.forks()  # a child, where one is forked
    assert not list(tmp_path.iterdir())  # the child's file has no name


@forking
def test_a_file_the_child_could_not_write_is_written_here(tmp_path):
    parent = os.getpid()

    def failing(out) -> None:
        writer(out)
        if os.getpid() != parent:
            raise OSError("disk full")

    out = io.BytesIO()
    with aside.written_aside(failing, tmp_path) as copy:
        copy(out)
    assert out.getvalue() == b"".join(f"{parent}:{i}\n".encode() * 50_000 for i in range(5))


@forking
@pytest.mark.parametrize("what", ["no temporary file", "the child reaped elsewhere"])
def test_without_a_file_or_a_child_to_wait_for_the_work_is_done_here(what, monkeypatch):
    if what == "no temporary file":

        def no_file(**_):
            raise OSError(errno.EMFILE, "Too many open files")

        monkeypatch.setattr(aside.tempfile, "TemporaryFile", no_file)
    else:
        waitpid = os.waitpid

        def elsewhere(pid, options):  # as with SIGCHLD ignored: the child is gone unseen
            waitpid(pid, options)
            raise ChildProcessError(errno.ECHILD, "No child processes")

        monkeypatch.setattr(aside.os, "waitpid", elsewhere)
    with aside.aside(where) as result:
        assert result()[0, 0] == os.getpid()
    out = io.BytesIO()
    with aside.written_aside(writer, None) as copy:
        copy(out)
    assert out.getvalue().startswith(f"{os.getpid()}:0".encode())


def test_a_silenced_process_draws_no_bar(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress.shown(True):
        assert progress.drawing()
        progress.silence()  # as a forked child does
        assert not progress.drawing()
    assert not progress.drawing()
