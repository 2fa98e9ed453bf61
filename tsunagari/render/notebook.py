"""Inline display in notebooks: the whole page inside ``<iframe srcdoc=...>``.

Jupyter, JupyterLab, VS Code and Colab each treat scripts in cell output differently (pyvis
maps come out blank in several of them). A self-contained page in an iframe's ``srcdoc``
behaves the same everywhere, needs no server and no network, and its ``sandbox`` keeps the
map's script away from the notebook.
"""

from __future__ import annotations

import html

__all__ = ["iframe"]


def iframe(page: str, *, height: int = 680, title: str = "tsunagari") -> str:
    """An ``<iframe>`` whose ``srcdoc`` is ``page``, escaped for the attribute.

    Examples
    --------
    >>> iframe('<p title="x">a & b</p>', height=100)[:65]
    '<iframe srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;"'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
        f'sandbox="allow-scripts" loading="eager" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #d0d7de;border-radius:4px">'
        "</iframe>"
    )
