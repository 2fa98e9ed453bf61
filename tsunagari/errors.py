"""The exception hierarchy of tsunagari.

Every error a user can cause is a :class:`TsunagariError`. Problems with input files are
collected as :class:`Problem` records and raised together as one :class:`InputError`, so a
coordinator fixes a spreadsheet once instead of once per mistake.

Messages name the file, the row as a spreadsheet shows it, the column, the offending value
and what was expected. They never carry a resident's name, needs or free text: callers pass
``value=None`` for columns whose content is personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .words import Message

__all__ = ["InputError", "Problem", "TsunagariError"]


class TsunagariError(Exception):
    """Root of every error tsunagari raises on purpose. Its argument is the message: text,
    or a :class:`~tsunagari.words.Message` that the command line writes in the user's
    language (``str()`` of the error is the English)."""


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    Parameters
    ----------
    path : str
        File name as the user knows it (``nodes.csv``, ``city.xlsx[supports]``).
    row : int or None
        Row number as a spreadsheet shows it (the header is row 1).
    column : str or None
        Column name as written in the file header (or the canonical name).
    value : str or None
        The offending value, or None when it must not be shown (personal data).
    message : Message or str
        What is wrong and what was expected: a :class:`~tsunagari.words.Message` of the
        catalogue, written in the user's language by the command line (``str()`` is English).
    """

    path: str
    row: int | None
    column: str | None
    value: str | None
    message: Message | str

    @classmethod
    def whole(cls, path: str, message: Message | str) -> Problem:
        """A problem with a whole file (no row, column or value)."""
        return cls(path, None, None, None, message)

    def __str__(self) -> str:
        where = [self.path]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class InputError(TsunagariError, ValueError):
    """Input files that cannot be loaded; carries every problem found.

    The attributes ``path``, ``row``, ``column`` and ``value`` describe the first problem;
    ``problems`` holds all of them in file order.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.row, self.column, self.value = (
            first.path,
            first.row,
            first.column,
            first.value,
        )
        super().__init__("\n".join(str(p) for p in self.problems))
