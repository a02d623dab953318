"""What a screen reader is told as it happens (issue 23.1 and 23.2): one helper, :func:`announce`.

Two ways to make a screen reader speak words that are not the focused widget's own:

- **announcement**: Qt's ``QAccessibleAnnouncementEvent`` (Qt 6.8 and later). On Linux it is
  AT-SPI's Announcement signal, which Orca speaks from version 45.2 (Orca's own guide for
  application developers, README-APPLICATION-DEVELOPERS.md: "AT-SPI2/ATK v2.46 added an
  announcement signal which can be used with Orca v45.2 and later"); on Windows it is UI
  Automation's notification, which NVDA, JAWS and Narrator speak.
- **description**: the words become the focused widget's accessible description, followed by
  what it described before, and Qt tells assistive technology the description changed. Every
  Orca speaks a description change on the object with the focus (the same guide, "Technique:
  Use An Accessible Description"). Measured with Orca 43.1 (Debian 12) under Xvfb
  (``scripts/orca_listen.py``): the announcement signal is not spoken at all; the
  description is.

Which one: ``ASBDESK_SPEECH`` (``announcement``, ``description`` or ``both``) when set; else, on
Linux, ``description`` if the Orca installed here is older than 45.2 (asked once, off the GUI
thread, as the application starts: :func:`detect_in_background`), otherwise ``announcement``.
Never both unasked: a screen reader that speaks both would say everything twice.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QApplication, QWidget

VARIABLE = "ASBDESK_SPEECH"
ANNOUNCEMENT = "announcement"
DESCRIPTION = "description"
BOTH = "both"
MODES = (ANNOUNCEMENT, DESCRIPTION, BOTH)
ORCA_SPEAKS_ANNOUNCEMENTS = (45, 2)
"""The first Orca that speaks AT-SPI's Announcement signal."""

_detected: str | None = None
_detecting: threading.Thread | None = None


def orca_version() -> tuple[int, int] | None:
    """The version of the Orca on this machine's PATH as (major, minor), or None without one:
    read from the ``orca_platform.py`` Orca installs beside itself (under the same prefix),
    else asked of Orca (``orca --version`` starts a Python process: about 0.2 s of a core
    while the desk starts, issue 24.2)."""
    orca = shutil.which("orca")
    if orca is None:
        return None
    installed = _installed_orca_version(Path(orca).resolve().parent.parent)
    if installed is not None:
        return installed
    import subprocess  # only here: the desk's start does not import it otherwise

    try:
        done = subprocess.run([orca, "--version"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return _version_in(done.stdout or "", r"(\d+)(?:\.(\d+))?")


def _installed_orca_version(prefix: Path) -> tuple[int, int] | None:
    """``version = "43.1"`` in the orca_platform.py of the one Orca package under ``prefix``
    (Debian's dist-packages, other systems' site-packages), or None."""
    found = list(prefix.glob("lib*/python3*/*-packages/orca/orca_platform.py"))
    if len(found) != 1:
        return None
    try:
        text = found[0].read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return _version_in(text, r"^version\s*=\s*[\"'](\d+)(?:\.(\d+))?")


def _version_in(text: str, pattern: str) -> tuple[int, int] | None:
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        return None
    return int(found.group(1)), int(found.group(2) or 0)


def choose(setting: str | None, platform: str, orca: tuple[int, int] | None) -> str:
    """The way to speak, from ``ASBDESK_SPEECH``, the platform and the installed Orca."""
    wanted = (setting or "").strip().lower()
    if wanted in MODES:
        return wanted
    if platform.startswith("linux") and orca is not None and orca < ORCA_SPEAKS_ANNOUNCEMENTS:
        return DESCRIPTION
    return ANNOUNCEMENT


def _setting() -> str | None:
    wanted = os.environ.get(VARIABLE, "").strip().lower()
    return wanted if wanted in MODES else None


def detect_in_background() -> None:
    """Ask the installed Orca's version off the GUI thread (about 0.2 s), once per process;
    nothing to ask when ``ASBDESK_SPEECH`` says which, or off Linux."""
    global _detecting
    if _detecting is not None or _setting() is not None or not sys.platform.startswith("linux"):
        return

    def detect() -> None:
        global _detected
        _detected = choose(None, sys.platform, orca_version())

    _detecting = threading.Thread(target=detect, name="asbdesk-speech", daemon=True)
    _detecting.start()


def mode() -> str:
    """The way :func:`announce` speaks now: the setting, else what detection found, else
    announcement (until detection has answered)."""
    return _setting() or _detected or ANNOUNCEMENT


class _Described(QObject):
    """Words waiting to be put in the focused widget's description at the end of this turn of
    the event loop (the window updates its own description in the same turn: the words must
    come after, or that update would replace them unspoken)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[str] = []

    def add(self, text: str) -> None:
        if not self.pending:
            QTimer.singleShot(0, self.flush)
        self.pending.append(text)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        widget = QApplication.focusWidget()
        if widget is None:
            return
        # The widget's new name is spoken as it changes (moving to the next question): not twice.
        words = " ".join(text for text in pending if text != widget.accessibleName())
        if not words:
            return
        current = widget.accessibleDescription()
        # Still an earlier announcement: what follows it is the widget's own words.
        own = widget.property("asbdesk_own_description") if current == widget.property("asbdesk_said") else current
        widget.setProperty("asbdesk_own_description", own)
        said = f"{words} {own}".strip() if own else words
        widget.setProperty("asbdesk_said", said)
        widget.setAccessibleDescription(said)  # Qt sends DescriptionChanged


_described: _Described | None = None


def still_says(widget: QWidget, own: str) -> bool:
    """True while ``widget``'s description is an announcement followed by ``own``, its own
    words: the window need not put ``own`` back alone (a second change so soon makes a screen
    reader that is behind drop the first as out of date, and the announcement is never said)."""
    said = widget.property("asbdesk_said")
    return (
        said is not None
        and widget.accessibleDescription() == said
        and widget.property("asbdesk_own_description") == own
    )


def _describe(text: str) -> None:
    global _described
    if _described is None:
        _described = _Described()
    _described.add(text)


def announce(widget: QWidget, text: str, assertive: bool = False) -> QAccessibleEvent | None:
    """Have a screen reader say ``text`` now, from ``widget``; returns the announcement event
    sent (None when the words go only into the focused widget's description)."""
    how = mode()
    event: QAccessibleEvent | None = None
    if how in (ANNOUNCEMENT, BOTH):
        event_type = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
        if event_type is not None:
            announcement = event_type(widget, text)
            announcement.setPoliteness(
                QAccessible.AnnouncementPoliteness.Assertive if assertive else QAccessible.AnnouncementPoliteness.Polite
            )
            QAccessible.updateAccessibility(announcement)
            event = announcement
        else:  # PySide6 before 6.8 has no announcement: the description is the only way
            how = DESCRIPTION
    if how in (DESCRIPTION, BOTH):
        _describe(text)
    return event
