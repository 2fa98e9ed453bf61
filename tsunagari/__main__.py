"""``python -m tsunagari``: the command line."""

from .cli import app

app(prog_name="tsunagari")
