"""English messages of the hot screen."""

MESSAGES: dict[str, str] = {}
