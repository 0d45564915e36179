"""Russian messages."""

MESSAGES: dict[str, str] = {}
