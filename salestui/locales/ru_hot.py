"""Русские тексты экрана hot."""

MESSAGES: dict[str, str] = {}
