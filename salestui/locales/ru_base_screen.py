"""Russian messages of the Base review screen (routine 6)."""

MESSAGES: dict[str, str] = {}
