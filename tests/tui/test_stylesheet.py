"""The stylesheet that keeps parsed rules: the same rules as Textual's, parsed once per theme."""

from __future__ import annotations

from pathlib import Path

from textual.css.stylesheet import Stylesheet

from salestui.tui.stylesheet import KeptStylesheet
from tests.tui.session import running

CSS = "Static { background: $accent; color: $text; } #x { height: 3; }"


def rules_of(sheet: Stylesheet) -> list[str]:
    """Return a stylesheet's rules as CSS text (comparable across instances)."""
    return [rule.css for rule in sheet.rules]


def test_reparse_gives_textual_rules_and_parses_once() -> None:
    """Parsed again with the same variables, the rules are Textual's and the very same
    objects (nothing parsed twice); other variables parse again, with their values."""
    variables = {"accent": "#ff0000", "text": "#000000"}
    kept, plain = KeptStylesheet(variables=dict(variables)), Stylesheet(variables=variables)
    for sheet in (kept, plain):
        sheet.add_source(CSS, read_from=("test", "CSS"))
        sheet.parse()
    assert rules_of(kept) == rules_of(plain)
    first = kept.rules
    kept.set_variables(dict(variables))
    kept.reparse()
    assert rules_of(kept) == rules_of(plain)
    assert all(a is b for a, b in zip(kept.rules, first, strict=True))

    kept.set_variables({"accent": "#00ff00", "text": "#000000"})
    kept.reparse()
    assert kept.rules[0] is not first[0]
    assert "#00FF00" in kept.rules[0].css.upper()


async def test_the_app_uses_it_and_a_theme_change_restyles(demo_path: Path) -> None:
    """The app's stylesheet is the kept one; switching the theme still changes the colours."""
    async with running(demo_path) as (app, pilot, _):
        assert isinstance(app.stylesheet, KeptStylesheet)
        before = app.screen.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert app.screen.styles.background != before
