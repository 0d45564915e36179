"""Message catalogs: one dict per language with identical keys."""
