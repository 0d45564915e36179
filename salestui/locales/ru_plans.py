"""Русские тексты экрана plans."""

MESSAGES: dict[str, str] = {}
