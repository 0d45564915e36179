"""Find the files shipped in data/ whether installed from a wheel or run from a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson


def data_file(name: str) -> Path:
    """Return the path of a shipped data file."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / name
    return packaged if packaged.exists() else here.parent / "data" / name


@cache
def load_json(name: str) -> Any:
    """Parse a shipped JSON data file once."""
    return orjson.loads(data_file(name).read_bytes())
