"""The threads that hold a person: up to two paths from the formal net that share no node.

A resident is *overlapping* when two paths from the roots reach her sharing no node but
herself (Menger: no single node lies on every path), and on a *single thread* when only one
can be found (then that one path passes every single point). :func:`independent_threads`
finds such paths, so that what a page or a table draws as "the threads" is exactly what the
status says.

The rule is a maximum flow with unit vertex capacities, stopped at two units: every vertex
but the virtual root and the person is split into an entry and an exit joined by one unit
of capacity, each edge carries one unit, and each unit is found by a breadth-first search
of the residual graph from the virtual root's exit. The search is deterministic, and the
map page's script (``render/templates/safety.js``) runs the same steps in the same order,
so both give the same paths, vertex for vertex:

- from a vertex's exit: its out-edges in the order of :attr:`.SafetyNet.successors` that
  carry no flow yet (to the head's entry), then, if the vertex carries flow, back to its
  entry;
- from a vertex's entry: to its exit if it carries no flow, otherwise back along the edge
  whose flow enters it (to that edge's tail's exit);
- the search stops when it first reaches the person's entry; the unit is then pushed along
  the path found (edges walked backwards lose their flow first, then edges walked forwards
  gain it).

The paths are read off the flow from the virtual root's flowing out-edges, in their order
in :attr:`.SafetyNet.successors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dominators import SafetyNet

__all__ = ["independent_threads"]

MOST = 2  # threads asked for: two are what "overlapping" means


def independent_threads(sn: SafetyNet, v: int) -> list[list[int]]:
    """Up to two paths from the formal net to ``v`` that share no node but ``v``.

    Each path runs from ``v`` up to a root node, ``[v, ..., root]`` (the virtual root left
    out). A resident has two threads when she is ``overlapping``, one when she is on a
    ``single_thread`` (it passes every one of her single points) and none when she is
    ``unreached`` or ``isolated``. A root node is held by the formal net directly: one of
    its threads is ``[v]`` (and it may have no other).

    Parameters
    ----------
    sn : SafetyNet
    v : int
        A node's position (``0 <= v < sn.n``).

    Returns
    -------
    list of list of int
        Node positions; the paths in the order of the root edges they start with.

    Raises
    ------
    IndexError
        When ``v`` is not a node's position.

    Examples
    --------
    >>> import tsunagari as tg
    >>> a = tg.analyse(tg.load(), as_of="2026-11-27")
    >>> r = a.net.positions(["r-050"])[0]
    >>> [[a.net.nodes["id"].iat[x] for x in path] for path in independent_threads(a.sn, r)]
    [['r-050', 'vol-minsei-01', 'ag-houkatsu']]
    """
    n = sn.n
    if not 0 <= v < n:
        raise IndexError(f"node position {v} out of range 0..{n - 1}")
    if sn.idom[v] < 0:
        return []  # the formal net does not reach her: no search can find a thread
    ptr, succ = (a.tolist() for a in sn.successors)
    flowing: set[int] = set()  # edge positions (in successors order) that carry flow
    inflow: dict[int, tuple[int, int]] = {}  # vertex -> (edge, tail) of the flow into it
    for _ in range(MOST):
        if not _augment(ptr, succ, 2 * n + 1, 2 * v, flowing, inflow):
            break
    paths = []
    for p in range(ptr[n], ptr[n + 1]):
        if p not in flowing:
            continue
        path = [succ[p]]
        while path[-1] != v:
            x = path[-1]
            path.append(next(succ[q] for q in range(ptr[x], ptr[x + 1]) if q in flowing))
        paths.append(path[::-1])
    return paths


def _augment(
    ptr: list[int],
    succ: list[int],
    start: int,
    goal: int,
    flowing: set[int],
    inflow: dict[int, tuple[int, int]],
) -> bool:
    """One more unit of flow from state ``start`` to state ``goal`` (state ``2x`` is
    vertex ``x``'s entry, ``2x + 1`` its exit), found breadth-first; False when there is
    none."""
    prev: dict[int, tuple[int, int]] = {start: (-1, -1)}  # state -> (state, edge or -1)
    queue = [start]
    at = 0
    while at < len(queue) and goal not in prev:
        s = queue[at]
        at += 1
        x = s >> 1
        if s & 1:
            for p in range(ptr[x], ptr[x + 1]):
                t = 2 * succ[p]
                if p not in flowing and t not in prev:
                    prev[t] = (s, p)
                    queue.append(t)
                    if t == goal:
                        break
            if x in inflow and s - 1 not in prev:
                prev[s - 1] = (s, -1)
                queue.append(s - 1)
        elif x in inflow:
            p, u = inflow[x]
            t = 2 * u + 1
            if t not in prev:
                prev[t] = (s, p)
                queue.append(t)
        elif s + 1 not in prev:
            prev[s + 1] = (s, -1)
            queue.append(s + 1)
    if goal not in prev:
        return False
    forward, backward = [], []
    t = goal
    while t != start:
        s, p = prev[t]
        if p >= 0:
            if s & 1:  # exit of s >> 1 to entry of t >> 1, along edge p
                forward.append((p, s >> 1, t >> 1))
            else:  # entry of s >> 1 back to exit of t >> 1, against edge p
                backward.append((p, t >> 1, s >> 1))
        t = s
    for p, _tail, head in backward:
        flowing.discard(p)
        if inflow.get(head, (-1,))[0] == p:
            del inflow[head]
    for p, tail, head in forward:
        flowing.add(p)
        if 2 * head != goal:  # the person is never passed through
            inflow[head] = (p, tail)
    return True
