"""English messages of the plans screen."""

MESSAGES: dict[str, str] = {}
