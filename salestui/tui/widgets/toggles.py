"""Toggles whose mark is drawn only when on, so a monochrome terminal still tells them apart."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


def _mark(toggle: Checkbox | RadioButton) -> Content:
    """Draw a toggle's button with its mark only when it is on.

    Textual draws the mark in both states and tells them apart by colour alone.
    """
    button_style = toggle.get_visual_style("toggle--button")
    side_style = Style(foreground=button_style.background, background=toggle.background_colors[1])
    return Content.assemble(
        (toggle.BUTTON_LEFT, side_style),
        (toggle.BUTTON_INNER if toggle.value else " ", button_style),
        (toggle.BUTTON_RIGHT, side_style),
    )


class MarkedRadioButton(RadioButton):
    """A radio button whose dot shows only when chosen."""

    @property
    def _button(self) -> Content:
        return _mark(self)


class MarkedCheckbox(Checkbox):
    """A checkbox whose tick shows only when ticked."""

    @property
    def _button(self) -> Content:
        return _mark(self)
