"""English messages of the finance screen."""

MESSAGES: dict[str, str] = {}
