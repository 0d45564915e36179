"""Russian messages of the Calls screen (routine 7)."""

MESSAGES: dict[str, str] = {}
