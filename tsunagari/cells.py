"""A table's cells as the XML files hold them (GEXF, GraphML and the sheets of a workbook):
scalars as they are, lists joined with ``;``, missing as ``''``, and the characters XML 1.0
cannot hold (control characters) dropped; a column converted at once where it can be.
"""

from __future__ import annotations

import re
from typing import Any

from .tables import flat

__all__ = ["xml_cell", "xml_cells"]

# Characters XML 1.0 cannot hold (Excel's sheets are XML too)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_cell(value: Any) -> str | int | float | bool:
    """A cell for GEXF, GraphML or a sheet: scalars stay, lists join with ';', missing
    becomes '', and characters XML cannot hold (control characters) are dropped."""
    texts = type(value) is tuple and all(type(v) is str for v in value)  # needs, services
    value = ";".join(value) if texts else flat(value)  # as flat joins them, without its checks
    if value is None:
        return ""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def xml_cells(values: list) -> list:
    """:func:`xml_cell` of each of a column's values (``None`` for a missing one); a column
    of text, of lists of text, of ``{text: text or list of text}``, of whole numbers, of
    numbers or of booleans is converted at once, without a call for each cell.

    Examples
    --------
    >>> xml_cells([("a", "b"), (), ("c\x01",)]), xml_cells([1.5, float("nan"), None])
    (['a;b', '', 'c'], [1.5, '', ''])
    >>> xml_cells([{"work": "uncovered", "care": ("v-1", "v-2")}, None])
    ['work:uncovered;care:v-1;v-2', '']
    >>> xml_cells([("R1", "R2"), float("nan")])  # an organisation's single points
    ['R1;R2', '']
    """
    kinds = set(map(type, values))
    if float in kinds and len(kinds) > 1:  # NaN beside other cells is a missing one
        values = [None if type(v) is float and v != v else v for v in values]
        kinds = set(map(type, values))
    missing = type(None) in kinds
    kinds.discard(type(None))
    if kinds == {tuple} and all(type(v) is str for t in values if t is not None for v in t):
        values = [v if v is None else ";".join(v) for v in values]
        kinds = {str}
    elif kinds == {dict} and all(map(_text_items, values)):  # needs, need_single_points
        values = [v if v is None else ";".join(map(_text_item, v.items())) for v in values]
        kinds = {str}
    if missing and kinds <= {str, int, bool}:
        values = ["" if v is None else v for v in values]
    if kinds <= {str}:
        return [_NOT_XML.sub("", v) for v in values] if _NOT_XML.search("".join(values)) else values
    if kinds == {int} or kinds == {bool}:
        return values
    if kinds == {float}:
        return ["" if v is None or v != v else v for v in values]  # NaN is missing
    return [v if type(v) is int else xml_cell(v) for v in values]


def _text_items(cell: dict | None) -> bool:
    """Whether a dict cell maps text to text or to lists of text (as ``flat`` joins them)."""
    return cell is None or all(
        type(k) is str and (type(v) is str or type(v) is tuple and all(type(x) is str for x in v))
        for k, v in cell.items()
    )


def _text_item(item: tuple[str, str | tuple[str, ...]]) -> str:
    key, value = item
    return f"{key}:{value}" if type(value) is str else f"{key}:{';'.join(value)}"
