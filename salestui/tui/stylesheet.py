"""The app's stylesheet, which keeps each CSS source's parsed rules while the theme stands.

Textual parses every source again each time a screen is first shown (`App.refresh_css` sets
the variables, which empties the parse cache, then `reparse` parses into a fresh stylesheet
with a cache of its own): ~20 ms for our sources, twice per screen opened. With the same
variables a source parses to the same rules, so this keeps them; a theme change (other
variables) still parses everything again.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed rules outlive a refresh with unchanged variables."""

    def set_variables(self, variables: dict[str, str]) -> None:
        """Take new CSS variables; the same ones keep what was parsed with them."""
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse the sources again, each one's rules taken from the cache when it is there."""
        fresh = KeptStylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            # As Textual's: the invalid CSS is kept so it is not parsed again on the way out.
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
