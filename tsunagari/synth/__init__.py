"""Synthetic Iga-like city: residents, households, needs, supporters and their ties.

:func:`city` builds a whole town modelled on Iga City (三重県伊賀市), whose
重層的支援体制整備事業 tsunagari was written for: 39 住民自治協議会 districts in
three blocks, an ageing population living in about 2.19-person households, the
needs of ``domain.md`` §3 at their national (or Iga) prevalences, the city's
directly run consultation agencies, 社協 and its 地域福祉コーディネーター,
民生委員, schools, care offices, NPOs, welfare-active companies such as わたせい,
こども食堂 and volunteers, tied together as the tables in ``domain.md`` §7 suggest.
:func:`write_city` writes the same town as ``nodes.csv`` / ``supports.csv``.

Everything is invented. Residents carry made-up combinations of common names,
organisations are numbered or role-named, and every row is tagged
``provenance = "synthetic"``. The figures are tunable estimates ([E] in
``domain.md``), never facts about Iga.

The generator is vectorised: one loop over the 39 districts and a few over
organisation types, never one over residents, so 1.7 million residents take
seconds. A seed fixes the town exactly.

One topic per module: :mod:`~tsunagari.synth.parameters` (the figures),
:mod:`~tsunagari.synth.population` (residents and households),
:mod:`~tsunagari.synth.needs`, :mod:`~tsunagari.synth.organisations`,
:mod:`~tsunagari.synth.ties`, :mod:`~tsunagari.synth.tables` (coded output),
:mod:`~tsunagari.synth.city` (the steps in order) and :mod:`~tsunagari.synth.writer`.
"""

from __future__ import annotations

from .city import city
from .parameters import DISTRICTS, IGA_POPULATION, PREVALENCE, district_table
from .writer import write_city

__all__ = [
    "DISTRICTS",
    "IGA_POPULATION",
    "PREVALENCE",
    "city",
    "district_table",
    "write_city",
]
