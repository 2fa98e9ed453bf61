"""Shared fixtures for the map and report tests."""

from __future__ import annotations

import json
import re

import pytest
from maptest import hostile

import tsunagari as tg
from tsunagari.network import Network


@pytest.fixture(scope="session")
def sample() -> Network:
    return tg.load()


@pytest.fixture()
def hostile_net() -> Network:
    return hostile()


def _page_data(html: str) -> dict:
    block = r'<script type="application/json" id="tsunagari-data">(.*?)</script>'
    found = re.search(block, html, re.S)
    assert found, "no data block"
    return json.loads(found.group(1))


@pytest.fixture(scope="session")
def page_data():
    """A function: the JSON a map page carries."""
    return _page_data
