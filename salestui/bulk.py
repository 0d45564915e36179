"""Building from a hundred thousand records: the cycle collector held, sorting in slices."""

from __future__ import annotations

import gc
import heapq
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

# A slice sorts in a few ms; one sort of 100,000 names held the interpreter ~300 ms.
SLICE: Final = 8192


@contextmanager
def quiet_gc(*, freeze: bool = False) -> Iterator[None]:
    """Hold the cycle collector while records are read and indexed by the hundred thousand.

    Parsing and indexing allocate millions of objects that form no cycles; each collection
    on the way walks all of them again (measured: an index build took 2–3 times longer, and a
    full collection paused the app ~100 ms). With `freeze`, what was made is moved out of the
    collector's reach for the session (gc.freeze), so later collections skip it too.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_on:
            gc.enable()


def order(keys: Sequence[Any], *, reverse: bool = False) -> list[int]:
    """Return the positions of keys in sorted order (stable), sorted a slice at a time.

    One `sorted()` runs in C and keeps the interpreter until it is done: from the read-ahead
    thread, a sort of 100,000 names held the app's event loop ~300 ms. Slices sorted apart
    and merged by heapq.merge (Python code, which lets the other thread in) never hold it
    long; the order is the one `sorted()` gives.
    """
    key = keys.__getitem__
    runs = [
        sorted(range(lo, min(lo + SLICE, len(keys))), key=key, reverse=reverse)
        for lo in range(0, len(keys), SLICE)
    ]
    if len(runs) == 1:
        return runs[0]
    return list(heapq.merge(*runs, key=key, reverse=reverse))
