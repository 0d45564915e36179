"""Russian messages of reading the team chat's exports (roll-call)."""

MESSAGES: dict[str, str] = {}
