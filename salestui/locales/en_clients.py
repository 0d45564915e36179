"""English messages of the clients screen."""

MESSAGES: dict[str, str] = {}
