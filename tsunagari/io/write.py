"""Writing outputs atomically: never over an input, never over a file without ``force``.

A file is written to a hidden temporary file beside the target (created with the usual
permissions, 0666 less the umask), flushed, then moved into place. Without ``force`` the
move is a hard link, which fails if the target has appeared meanwhile, so of two runs
writing one file, one wins and the other gets an error. Temporary files carry the writing
process's id; ones left by a process that was killed are removed by the next write.

A writer that only writes, in order (``streamed``), has its writes done by a thread a few
pieces behind it, so that it makes the next piece while the system copies the last (the
system's write lets go of the interpreter lock), and runs with the cycle collector paused.
"""

from __future__ import annotations

import errno
import gc
import os
import queue
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from ..errors import InputError, Problem
from ..words import Message, message

__all__ = ["write_atomic"]

_TEMP = ".{name}.tsunagari-{pid}-{tag}.tmp"


def write_atomic(
    path: str | Path,
    data: str | bytes | Callable[[BinaryIO], object],
    *,
    protect: Iterable[Path] = (),
    force: bool = False,
    streamed: bool = False,
) -> Path:
    """Write ``data`` (text as UTF-8, bytes, or a function writing to a binary file) to ``path``.

    Parameters
    ----------
    protect : iterable of Path
        Input files that must never be overwritten, even with ``force``.
    force : bool
        Replace an existing file. Without it an existing ``path`` is an error.
    streamed : bool
        ``data`` is a function that only calls ``write`` (no ``seek`` or ``tell``): its
        writes are done by a thread behind it, at most :data:`_Behind.WAITING` pieces
        behind.

    Raises
    ------
    InputError
        Naming ``path``: it exists (without ``force``), is an input, is a folder, its
        folder is missing or cannot be written.
    """
    path = Path(path)
    shown = str(path)

    def refuse(why: Message) -> InputError:
        return InputError([Problem.whole(shown, why)])

    try:
        target = path.absolute()
        if any(_same_file(target, Path(p)) for p in protect):
            raise refuse(message("err_output_is_input"))
        if target.is_dir():
            raise refuse(message("err_output_is_folder"))
        if not target.parent.is_dir():
            raise refuse(message("err_output_no_folder"))
        if not force and os.path.lexists(target):
            raise refuse(message("err_output_exists"))
        _remove_stale(target)
        tmp = target.with_name(
            _TEMP.format(name=target.name, pid=os.getpid(), tag=secrets.token_hex(4))
        )
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except InputError:
        raise
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise refuse(_cannot(exc)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            if callable(data) and streamed:
                _written_behind(data, out)
            elif callable(data):
                data(out)
            else:
                out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        _move(tmp, target, force)
    except FileExistsError:
        raise refuse(message("err_output_exists")) from None
    except IsADirectoryError:
        raise refuse(message("err_output_is_folder")) from None
    except OSError as exc:
        raise refuse(_cannot(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


class _Behind:
    """A binary file whose writes a thread of its own does, at most ``WAITING`` pieces
    behind the caller; a write that failed is raised by the next call."""

    WAITING = 2

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pieces: queue.Queue[bytes | None] = queue.Queue(self.WAITING)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def write(self, piece: bytes | bytearray | memoryview) -> int:
        if self._failed is not None:
            raise self._failed
        self._pieces.put(bytes(piece))  # a view of a buffer the caller reuses: copied
        return len(piece)

    def _drain(self) -> None:
        while (piece := self._pieces.get()) is not None:
            if self._failed is None:  # after a failure the rest is let go
                try:
                    self._out.write(piece)
                except BaseException as exc:  # raised in the caller's thread
                    self._failed = exc

    def stop(self) -> None:
        """Wait for the pieces handed on to be written."""
        self._pieces.put(None)
        self._thread.join()

    def close(self) -> None:
        """:meth:`stop`, then raise a write that failed."""
        self.stop()
        if self._failed is not None:
            raise self._failed


def _written_behind(data: Callable[[BinaryIO], object], out: BinaryIO) -> None:
    later = _Behind(out)
    try:
        with _collector_paused():
            data(cast(BinaryIO, later))
    except BaseException:
        later.stop()
        raise
    later.close()


_pauses = {"writers": 0, "was": True}  # streamed writers inside, and the collector before
_pausing = threading.Lock()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while inside (for the whole process, as it was after
    the last writer inside leaves). A streamed writer makes a city's worth of short-lived
    lists and tuples and no cycles; the collector, woken every few hundred of them, would
    walk each chunk's long lists again and again (a fifth of a GEXF export's writing)."""
    with _pausing:
        if not _pauses["writers"]:
            _pauses["was"] = gc.isenabled()
            gc.disable()
        _pauses["writers"] += 1
    try:
        yield
    finally:
        with _pausing:
            _pauses["writers"] -= 1
            if not _pauses["writers"] and _pauses["was"]:
                gc.enable()


def _cannot(exc: BaseException) -> Message:
    reason = getattr(exc, "strerror", None)
    if reason is None:
        return message("err_output_loop")
    return message("err_output_cannot", reason=reason)  # the system's words for it


def _same_file(target: Path, protected: Path) -> bool:
    """Whether writing ``target`` would touch ``protected`` or, for a network folder, one of
    the files it may hold: the same path, a link to it, or another name for it."""
    if protected.is_dir():
        return any(_same_file(target, protected / name) for name in _FOLDER_INPUTS)
    if target.resolve() == protected.resolve():
        return True
    try:
        return os.path.samefile(target, protected)
    except OSError:  # one of them does not exist
        return False


# the files a network folder may hold, all read by some command
_FOLDER_INPUTS = ("nodes.csv", "supports.csv", "domains.csv", "salt.txt")


def _move(tmp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails with FileExistsError if the target exists now
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise
        # a file system without hard links (FAT on a USB stick): claim the name, then move
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(tmp, target)


def _remove_stale(target: Path) -> None:
    """Remove temporary files of ``target`` left by processes that no longer run."""
    pattern = re.compile(re.escape(f".{target.name}.tsunagari-") + r"(\d+)-[0-9a-f]+\.tmp")
    for entry in os.scandir(target.parent):
        match = pattern.fullmatch(entry.name)
        if match and not _running(int(match.group(1))):
            Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process, or not a pid
        return True
    return True
