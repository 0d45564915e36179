"""Funnel ratios (DESIGN §4): x→y as "N : 1" and as y/x %, with "—" for a zero (no pandas)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def ratio(x: int | None, y: int | None) -> float | None:
    """Ratio x→y = count_x / count_y; None (shown "—") when y is 0 or a count is missing."""
    if x is None or not y:
        return None
    return x / y


def conversion(x: int | None, y: int | None) -> float | None:
    """Conversion x→y = count_y / count_x × 100 %; None when x is 0 or a count is missing."""
    if y is None or not x:
        return None
    return y / x * 100


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the funnel: from one metric to the next, with its ratio and conversion."""

    source: str
    target: str
    ratio: float | None
    conversion: float | None


def funnel_steps(totals: Mapping[str, int | None], codes: Sequence[str]) -> list[Step]:
    """Return the ratio and conversion of each consecutive pair of funnel metrics."""
    return [
        Step(a, b, ratio(totals.get(a), totals.get(b)), conversion(totals.get(a), totals.get(b)))
        for a, b in zip(codes, codes[1:], strict=False)
    ]


def end_to_end(totals: Mapping[str, int | None], codes: Sequence[str]) -> Step | None:
    """Return the first metric per last one (cold calls per payment), or None for one metric."""
    if len(codes) < 2:
        return None
    first, last = codes[0], codes[-1]
    return Step(
        first,
        last,
        ratio(totals.get(first), totals.get(last)),
        conversion(totals.get(first), totals.get(last)),
    )
