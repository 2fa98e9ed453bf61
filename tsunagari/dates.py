"""Days: dates as people type them in files, and the day an analysis is for.

Files hold dates as ISO text, ``2021/4/1``, ``2021年4月1日``, a Japanese era (``令和3年4月1日``,
``R3/4/1``, ``H31.4.1``), an Excel date cell (read as its ISO text, with a time part if it has
one) or an Excel serial day number; a time of day after the date is dropped (``2021/4/1 9:30``
is 1 April). :func:`parse_date` reads every such spelling, and :func:`as_of_date` reads a day
given to the library or typed on the command line (``--as-of``) the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["as_of_date", "parse_date"]

_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_ERA_DATE = re.compile(
    r"(令和|平成|昭和|R|H|S)\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?",
    re.IGNORECASE,
)
# a time of day after a date: Excel's 2021-04-01T09:30:00, a CSV's 2021/4/1 9:30
_TIME = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> dt.date:
    """A date as people type it: ISO, 2021/4/1, 2021年4月1日, 令和3年4月1日, R3/4/1, H31.4.1,
    or an Excel serial day number (e.g. 44287, or 44287.5 at noon). A time of day after the
    date is dropped. Any day from year 1 to 9999.

    Raises
    ------
    ValueError
        If the text is not such a date.

    Examples
    --------
    >>> parse_date("R3.4.1"), parse_date("9999-12-31")
    (datetime.date(2021, 4, 1), datetime.date(9999, 12, 31))
    >>> parse_date("R5/4/1"), parse_date("2023-04-01T09:30:00")
    (datetime.date(2023, 4, 1), datetime.date(2023, 4, 1))
    """
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        return dt.date.fromisoformat(text)  # the common case, fast
    text = unicodedata.normalize("NFKC", text).strip()
    text = _TIME.sub("", text)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _ERA_DATE.fullmatch(text):
        era, year_text, month_text, day_text = match.groups()
        offset = _ERAS[era.upper() if len(era) == 1 else era]
        year = offset + (1 if year_text == "元" else int(year_text))
        month, day = int(month_text), int(day_text)
    elif re.fullmatch(r"\d{5}(\.\d+)?", text) and 20_000 <= float(text) <= 80_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def as_of_date(as_of: dt.date | str | None) -> dt.date:
    """The day on which supports are judged active (default: today).

    A string is read as dates in files are (``2021-04-01``, ``令和3年4月1日``, ``R3.4.1`` …).

    Raises
    ------
    ValueError
        If a string is not such a date.
    """
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, str):
        return parse_date(as_of.strip())
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    return as_of
