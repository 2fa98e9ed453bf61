"""Shared fixtures for the map and report tests."""

from __future__ import annotations

import json
import re

import pytest
from maptest import CHROMIUM_ARGS, chromium, hostile, unavailable

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


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    if executable is None:
        unavailable("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
