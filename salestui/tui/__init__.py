"""The Textual app: screens, widgets and commands (the only package importing Textual)."""
