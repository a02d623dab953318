"""Translations of the application's own words (menus, buttons, labels): Qt's
``tr()``, loaded from ``resources/translations/asbdesk_<language>.qm``; and of the core's
refusals, by their message ids (asbdesk.core.messages, context "Refusal"): :func:`refusal_words`.

The language is ``ASBDESK_LANG`` if set (``cy``, ``en``, ``cy_GB``), else the system's
(QLocale.system()). English is the source text: no file is needed for it. Wording from a
policy pack (questions, prompts) is the pack's and is never translated here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from asbdesk.core.messages import CONTEXT, Message
from asbdesk.core.resources import data_dir

LANGUAGE_VARIABLE = "ASBDESK_LANG"

_installed: QTranslator | None = None


def translations_dir() -> Path:
    return data_dir("resources") / "translations"


def wanted_locale() -> QLocale:
    """``ASBDESK_LANG`` when set, else the system's locale."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return QLocale(chosen) if chosen else QLocale.system()


def load_translator(locale: QLocale) -> QTranslator | None:
    """The translator for ``locale`` (``asbdesk_cy.qm`` for Welsh), or None when asbdesk
    has no translation for it (English, or a language not yet translated).

    English is the source text: a locale whose language is English gets no translation,
    even if its list of UI languages goes on to name one asbdesk has (``LANGUAGE=en_GB:cy``
    is an English desktop, not a Welsh one)."""
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return None
    translator = QTranslator()
    if translator.load(locale, "asbdesk", "_", str(translations_dir()), ".qm"):
        return translator
    return None


def install_translation(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Install the translation for ``locale`` (default: :func:`wanted_locale`) on ``app``,
    replacing any this module installed before. Call before the first window is made."""
    global _installed
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    translator = load_translator(locale if locale is not None else wanted_locale())
    if translator is not None:
        app.installTranslator(translator)
        _installed = translator
    return translator


def translated(words: Message) -> str:
    """``words`` in the installed language (English without a translation): the template
    translated in the context "Refusal", its fields filled in, a field that is itself a
    message translated with it. Words with no message id are shown as they are; a
    translation whose fields do not fit the template falls back to the English."""
    if words.code is None:
        return words.template
    args = {name: translated(value) if isinstance(value, Message) else value for name, value in words.args.items()}
    try:
        return QCoreApplication.translate(CONTEXT, words.template).format(**args)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return words.template.format(**args)


def refusal_words(error: object) -> str:
    """What a core refusal says, in the installed language: an exception raised with a
    message id (asbdesk.core.messages), a session's kept refusal, or a Message; anything
    else as ``str()`` gives it."""
    if isinstance(error, Message):
        return translated(error)
    words = getattr(error, "words", None)
    if isinstance(words, Message):
        return translated(words)
    message = getattr(error, "message", None)
    if isinstance(message, str) and not isinstance(error, BaseException):
        return message  # a session's kept refusal with no message id
    return str(error)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Mark ``text`` for translators in ``context`` where a table of words is made, and return it
    unchanged (the English source): translate it where it is shown, with
    ``QCoreApplication.translate(context, text)``. PySide6's own is typed as returning ``object``."""
    return text
