"""Text, Markdown, CSV and JSON renderings of analytics results."""
