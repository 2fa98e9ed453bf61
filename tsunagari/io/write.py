"""Writing outputs atomically, never over an input file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, Problem

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes, *, protect: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A reader never sees a half-written file, and an interrupted run leaves the old file (or
    nothing). ``protect`` lists input files that must never be overwritten.

    Raises
    ------
    InputError
        If the folder does not exist or ``path`` is one of the protected inputs.
    """
    path = Path(path)
    target = path.resolve()
    for p in protect:
        p = Path(p)
        inside = p.is_dir() and p.resolve() in target.parents
        if target == p.resolve() or inside and target.name in ("nodes.csv", "supports.csv"):
            raise InputError([Problem.whole(str(path), "is an input file; choose another output")])
    if not target.parent.is_dir():
        raise InputError([Problem.whole(str(path), "its folder does not exist")])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
