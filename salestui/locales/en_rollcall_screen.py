"""English messages of the Roll-call screen (routine 8)."""

MESSAGES: dict[str, str] = {}
