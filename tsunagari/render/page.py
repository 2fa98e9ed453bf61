"""Self-contained pages: our templates, vis-network inlined, user data only as escaped JSON.

Nothing on a page is fetched: vis-network's script is read from the copy bundled with the
pyvis package and inlined, our CSS and script are inlined, there is no web font, no CDN and
no image URL. User text (names, ids, districts) never enters the HTML itself: it travels in
one ``<script type="application/json">`` block where ``<``, ``>`` and ``&`` are written as
``\\u003c``, ``\\u003e``, ``\\u0026``, so no ``</script>`` can end the block early, and the
page's script puts it on screen with ``textContent`` only. The Jinja environment escapes
everything else it is given.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

__all__ = ["VIS_VERSION", "asset", "csp", "json_for_script", "markup", "render", "vis_script"]

VIS_VERSION = "9.1.2"

# what could end the script element or a line of it, as JSON escapes (none holds another)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_for_script(data: object) -> str:
    """JSON safe to place inside a ``<script>`` element of an HTML page.

    Examples
    --------
    >>> json_for_script({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escape in _JSON_ESCAPES.items():  # a C pass each; translate goes by char
        text = text.replace(character, escape)
    return text


def _inline_safe(text: str, what: str, closing: str) -> str:
    """Refuse vendor or template text that could end its element or open a comment."""
    low = text.lower()
    if f"</{closing}" in low or "<!--" in low:
        raise RuntimeError(f"{what} cannot be inlined safely (it holds </{closing} or <!--)")
    return text


@cache
def vis_script() -> str:
    """vis-network's standalone script, from the copy bundled with pyvis, licence header kept.

    Only the script is inlined: our own stylesheet styles the tooltip, the one part of
    vis-network's 220 kB stylesheet the map uses (the rest styles its editing tools).
    """
    base = resources.files("pyvis").joinpath(f"templates/lib/vis-{VIS_VERSION}")
    js = base.joinpath("vis-network.min.js").read_text("utf-8")
    return _inline_safe(js, "vis-network.min.js", "script")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tsunagari.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def asset(name: str) -> str:
    """One of our own stylesheets or scripts, from ``templates/``."""
    text = resources.files("tsunagari.render").joinpath("templates", name).read_text("utf-8")
    closing = "style" if name.endswith(".css") else "script"
    return _inline_safe(text, name, closing)


def csp(scripts: Iterable[str]) -> str:
    """A Content-Security-Policy that lets only the given inline scripts run.

    Defence in depth beneath the escaping: the page may fetch nothing at all, and a script
    or event handler that somehow got into the page would not run, since only scripts
    whose SHA-256 is listed do.
    """
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
            for s in scripts
        }
    )
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(hashes),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render(template: str, **context: object) -> str:
    """Render one of our templates. Strings are escaped; pass inlined code as Markup."""
    return _environment().get_template(template).render(**context)


def markup(text: str) -> Markup:
    """Mark already safe text (inlined code, escaped JSON) for the template."""
    return Markup(text)
