"""Work counter of the per-need step: how many vertices the regions of ``G − r`` hold.

The per-need statuses of residents fed from inside their own strongly connected component
are answered on the region of ``G − r`` that can move (``tsunagari/analysis/removal.py``).
This prints, for each city, the residents asking, the region vertices in all, and those per
resident of the city: the number that must stay flat as the city grows.

Usage::

    python benchmarks/regions.py benchmarks/cache/city-86976 benchmarks/cache/city-300000
"""

from __future__ import annotations

import sys
import time

import numpy as np

import tsunagari as tg
from tsunagari.analysis.dominators import safety_net
from tsunagari.analysis.status import resident_rows


def main() -> None:
    for folder in sys.argv[1:]:
        net = tg.load(folder)
        sn = safety_net(net, as_of="2026-11-27")
        start = time.perf_counter()
        resident_rows(sn)
        seconds = time.perf_counter() - start
        asked, vertices = sn.removal.asked, sn.removal.region_vertices
        residents = int((net.nodes["kind"].to_numpy() == "resident").sum())
        comp = np.bincount(sn.component[: sn.n][net.nodes["kind"].to_numpy() == "resident"])
        print(
            f"{folder}: {residents:,} residents, largest component {comp.max() / residents:.0%}; "
            f"{asked:,} residents fed from inside their component; "
            f"{vertices:,} region vertices ({vertices / residents:.3f} per resident); "
            f"statuses {seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
