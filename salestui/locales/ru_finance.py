"""Русские тексты экрана finance."""

MESSAGES: dict[str, str] = {}
