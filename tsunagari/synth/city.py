"""Generating the whole town: :func:`city`, and the steps it runs in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from ..progress import progress as progress_bar
from ..words import Message, message
from .columns import CodedColumn
from .needs import give_needs, lsns6_scores
from .organisations import Organisations, create_organisations, minsei_zones
from .parameters import IGA_POPULATION, day_number, district_table
from .population import populate
from .tables import coded_tables
from .ties import Edges, collaboration_ties, mutual_aid_ties, support_ties

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["city"]


def city(
    residents: int = IGA_POPULATION,
    *,
    seed: int = 0,
    mutual_aid: float = 0.0,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate a synthetic Iga-like city.

    The town has ``residents`` people in the 39 districts of ``domain.md`` §7.3
    (populations scaled to ``residents``), living in households of about 2.19
    people, with needs at the prevalences of :data:`PREVALENCE`. Supporters are
    scaled by ``residents / 86,976`` (never below the city's fixed set of agencies,
    社協 and its 12 coordinators). Ties: family support inside households and from
    relatives living apart, neighbours within the district, 民生委員 watching over
    older people living alone, formal support per need with a coverage
    probability, coordinators' outreach and 多機関協働 since April 2021, company
    employment, and collaborations among organisations. Some ties ended before
    2026, so statuses change over time.

    Parameters
    ----------
    residents : int, default 86,976
        Number of residents (Iga's population in January 2023).
    seed : int, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same town.
    mutual_aid : float, default 0
        Share of residents (0–1) who join circles of about 50 neighbours helping each
        other both ways (see :func:`~tsunagari.synth.ties.mutual_aid_ties`). The circles are
        linked, so about this share of the town sits in one strongly connected web, as
        in the lively communities the seed document hopes for. 0 adds none.
    progress : callable, optional
        Called as ``progress(step, done, total)`` as generation advances. (A terminal
        also gets a bar on stderr when progress is on: see :mod:`tsunagari.progress`.)

    Returns
    -------
    nodes : pandas.DataFrame
        SPEC §1 columns (``id``, ``name``, ``kind``, ``subtype``, ``district``,
        ``needs``, ``services``, ``capacity``, ``lsns6``) plus ``age_band``, ``sex``,
        ``household`` and ``provenance`` (always ``"synthetic"``).
    supports : pandas.DataFrame
        SPEC §1 columns (``source``, ``target``, ``relation``, ``domain``,
        ``formality``, ``frequency``, ``since``, ``until``) plus ``support_type``,
        ``jusou_component`` and ``provenance``.

    Raises
    ------
    ValueError
        If ``residents`` is negative or ``mutual_aid`` is outside 0–1.

    Examples
    --------
    >>> nodes, supports = city(2_000, seed=1)
    >>> int((nodes.kind == "resident").sum())
    2000
    >>> sorted(supports.relation.unique())
    ['collaboration', 'support']
    """
    import pandas as pd

    with reporting(residents, progress, len(STEPS)) as report:
        nodes, supports = generate(residents, seed, report, mutual_aid=mutual_aid)
        report("done", len(STEPS), len(STEPS))
    node_frame = pd.DataFrame({k: c.array() for k, c in nodes.items()}, copy=False)
    ids = node_frame["id"].array  # sources and targets take from the ids: no second decoding
    return node_frame, pd.DataFrame(
        {k: c.array(ids if k in ("source", "target") else None) for k, c in supports.items()},
        copy=False,
    )


# each step as the callback hears it, and its words on a terminal's bar
STEP_WORDS = {
    "residents and households": "progress_step_residents",
    "needs": "progress_step_needs",
    "organisations": "progress_step_organisations",
    "support ties": "progress_step_supports",
    "collaborations": "progress_step_collaborations",
    "tables": "progress_step_tables",
}
STEPS = tuple(STEP_WORDS)


@contextmanager
def reporting(
    residents: int,
    progress: Callable[[str, int, int], None] | None,
    total: int,
    labels: Mapping[str, Message] | None = None,
) -> Iterator[Callable[[str, int, int], None]]:
    """One callback for every step: the caller's ``progress``, and the terminal's bar
    (``labels``: the words of steps past :data:`STEPS`)."""
    title = message("progress_generating", n=f"{residents:,}")
    named = {**{step: message(key) for step, key in STEP_WORDS.items()}, **(labels or {})}
    with progress_bar(title, total) as bar:

        def report(step: str, done: int, steps: int) -> None:
            label = named.get(step, step)
            shown = (
                title
                if step == "done"
                else message("progress_generating_step", title=title, step=label)
            )
            bar.update(done, total=steps, label=shown)
            if progress:
                progress(step, done, steps)

        yield report


def generate(
    residents: int,
    seed: int,
    progress: Callable[[str, int, int], None] | None,
    extra: tuple[str, ...] = (),
    *,
    mutual_aid: float = 0.0,
) -> tuple[dict[str, CodedColumn], dict[str, CodedColumn]]:
    """The town as coded tables; ``progress`` hears of each step, then of ``extra`` ones."""
    if residents < 0:
        raise ValueError(f"residents must be 0 or more, got {residents}")
    if not 0 <= mutual_aid <= 1:
        raise ValueError(f"mutual_aid must be between 0 and 1, got {mutual_aid}")
    steps = STEPS + extra

    def report(i):
        if progress:
            progress(steps[i], i, len(steps))

    rng = np.random.default_rng(seed)
    table = district_table(residents)
    setting = table.setting.to_numpy()
    report(0)
    town = populate(rng, table)
    report(1)
    give_needs(rng, town, setting)
    report(2)
    zone_district, filled, hh_zone = minsei_zones(rng, town, len(table))
    orgs = Organisations(town.n, table, rng)
    named = create_organisations(
        orgs, rng, table, residents / IGA_POPULATION, (zone_district, filled)
    )
    named["hh_zone"] = hh_zone
    born = day_number("2026-01-01") - town.age * 365 - (rng.random(town.n) * 365).astype(np.int64)
    start = np.r_[born, np.array(orgs.rows["opened"], np.int64)]
    edges = Edges()
    report(3)
    informal = support_ties(rng, town, orgs, named, start, edges, setting)
    informal += mutual_aid_ties(rng, town, start, edges, mutual_aid)
    report(4)
    collaboration_ties(rng, orgs, named, start, edges)
    report(5)
    lsns = lsns6_scores(rng, town, informal, setting)
    return coded_tables(rng, town, orgs, table, lsns, edges)
