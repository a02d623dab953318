"""Qt habits (issue 12 item 5): the desk's style sheet follows the palette, so the desk
reads on a dark theme as on a light one. Each key label is drawn under a dark palette and
its text colour is measured against its background: WCAG 2 asks 4.5:1 for body text."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from tests.gui.keys import find_caller, pick_code, press

ROLE = QPalette.ColorRole
# A dark theme as a desktop gives one (Fusion's dark colours): every role set.
DARK = {
    ROLE.Window: "#202020",
    ROLE.WindowText: "#f0f0f0",
    ROLE.Base: "#2a2a2a",
    ROLE.AlternateBase: "#353535",
    ROLE.Text: "#f0f0f0",
    ROLE.Button: "#303030",
    ROLE.ButtonText: "#f0f0f0",
    ROLE.BrightText: "#ffffff",
    ROLE.Light: "#505050",
    ROLE.Midlight: "#404040",
    ROLE.Mid: "#707070",
    ROLE.Dark: "#101010",
    ROLE.Shadow: "#000000",
    ROLE.Highlight: "#3d7bd9",
    ROLE.HighlightedText: "#ffffff",
    ROLE.PlaceholderText: "#a0a0a0",
    ROLE.ToolTipBase: "#303030",
    ROLE.ToolTipText: "#f0f0f0",
    ROLE.Link: "#8ab4f8",
}


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(first: QColor, second: QColor) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn_contrast(widget) -> tuple[float, QColor, QColor]:
    """The widget as drawn: its background is the commonest colour inside its border, its
    text the colour furthest from that (the core of a glyph, not its anti-aliased edge)."""
    image = widget.grab(widget.contentsRect()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width()))
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    text = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, background))
    return contrast(text, background), text, background


@pytest.fixture
def dark_theme(qapp):
    before = QPalette(qapp.palette())
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def test_contrast_measure_matches_wcag():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast(QColor("#444444"), QColor("#202020")) < 2  # the old grey position line on dark


def test_the_desks_key_labels_read_on_a_dark_theme(qtbot, dark_theme, desk, flagged_caller):
    find_caller(qtbot, desk, "0113 496 0123")  # a flagged caller: the red banner
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_Return)  # past a mandatory question: the refusal
    qtbot.waitUntil(desk.refusal.isVisible, timeout=5_000)
    view = desk.questions
    if not view.help.text():  # the first question may have no help: give it some
        view.help.setText("Ask the caller where they are now.")
        view.help.show()
    labels = {
        "question text": view.text,
        "question position": view.position,
        "question help": view.help,
        "key hint": view.keys,
        "refusal": desk.refusal,
        "flag banner": desk.flag_banner,
        "requested flags": desk.requested_flags,
    }
    desk.requested_flags.setText("Flag requested: vulnerable victim on the caller")
    desk.requested_flags.show()
    QApplication.processEvents()
    poor = {}
    for name, label in labels.items():
        assert label.isVisible() and label.text(), name
        ratio, text, background = drawn_contrast(label)
        if ratio < 4.5:
            poor[name] = f"{text.name()} on {background.name()}: {ratio:.2f}:1"
    assert not poor, f"unreadable on a dark theme: {poor}"


def test_pinned_prompts_and_the_assessment_read_on_a_dark_theme(qtbot, dark_theme, desk):
    pick_code(qtbot, desk, "801")
    press(qtbot, Qt.Key.Key_Y)  # in immediate danger: a prompt pinned above the panel (and on by itself)
    qtbot.waitUntil(desk.pinned.isVisible, timeout=5_000)
    QApplication.processEvents()
    ratio, text, background = drawn_contrast(desk.pinned)
    assert ratio >= 4.5, f"pinned prompts: {text.name()} on {background.name()}: {ratio:.2f}:1"
    ratio, text, background = drawn_contrast(desk.panel.viewport())
    assert ratio >= 4.5, f"assessment: {text.name()} on {background.name()}: {ratio:.2f}:1"
