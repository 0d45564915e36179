"""Русские тексты экрана clients."""

MESSAGES: dict[str, str] = {}
