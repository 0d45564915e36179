"""Holding the cycle collector while many objects are made that form no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
