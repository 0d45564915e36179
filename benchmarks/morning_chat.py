"""Write a WhatsApp export of the demo team's chat for today (for benchmarks/morning.sh)."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from salestui.store import Repository

DAY = date(2026, 11, 27)
WORDS = {
    "en": {
        "office": ["In the office, calling the exhibition list", "Office, two proposals"],
        "field": ["On the road: meeting at 10, then the warehouse", "Field day, two meetings"],
        "boss": ("Boss", "Good morning! What's new? Where are you today?"),
        "later": "And a second meeting at 3",
        "stranger": "Sorry, wrong chat",
    },
    "ru": {
        "office": ["В офисе, прозваниваю базу с выставки", "Офис, дописываю два КП"],
        "field": ["На выезде: в 10 встреча, потом склад", "Выездной день, две встречи"],
        "boss": ("Руководитель", "Доброе утро! Кто что нового? Где вы сегодня?"),
        "later": "И ещё встреча в 15:00",
        "stranger": "Извините, не тот чат",
    },
}


def main() -> None:
    """Print the export: 16 of the team answer, one twice, the head and a stranger too."""
    path, lang = Path(sys.argv[1]), sys.argv[2]
    repo = Repository.open(path, writable=False)
    try:
        staff = [e for e in repo.employees() if e.employed_on(DAY)]
    finally:
        repo.close()
    words, rng = WORDS[lang], random.Random(3)
    head = f"{DAY:%d/%m/%Y}"
    boss, question = words["boss"]
    lines = [f"{head}, 08:55 - {boss}: {question}"]
    minute = 0
    for employee in staff[:16]:
        minute += rng.randint(1, 3)
        said = rng.choice(words[employee.role])
        lines.append(f"{head}, 09:{minute:02d} - {employee.name}: {said}")
    lines.append(f"{head}, 09:{minute + 1:02d} - {staff[0].name}: {words['later']}")
    lines.append(f"{head}, 09:{minute + 2:02d} - +7 916 555-01-02: {words['stranger']}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
