"""The sign-off document for a policy pack (issue 19, "Comparing and signing off"):
``asbdesk packs show ID --format pdf --out FILE``.

A policy owner reads it and signs it off: which pack (id, name, version, the sha256 every
log records), when it was produced, the lines to sign, then every item of the pack in
words (``asbdesk.core.packs.describe.pack_outline``, the same words as ``packs show``),
each with its source, asbdesk's own wording marked where it is (the rule is in
``asbdesk.core.packs.provenance``, explained by the legend on the first page), and help
written line by line kept as lines. Every page's foot names the pack, its version and
hash, and the page.

Qt lays it out (QTextDocument on the A4 writer of ``asbdesk.gui.documents``); the CLI makes
the application object, offscreen without a screen.
"""

from __future__ import annotations

import hashlib
import html
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument

from asbdesk import __version__, paths
from asbdesk.core.packs.describe import Entry, Outline, pack_outline
from asbdesk.core.packs.provenance import LEGEND, Mark
from asbdesk.gui.documents import PDF_RESOLUTION, _plain_font, _write_pdf, long_date
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack

MARK_COLOUR = "#ffe7a3"  # behind a mark; the mark is words too, never colour alone
SOURCE_COLOUR = "#444444"
HANG = 12  # points: further lines of a paragraph hang this far in
STATEMENT = QT_TRANSLATE_NOOP(
    "signoff",
    "I have read every item of this policy pack as set out in this document, including each item "
    "marked as asbdesk's own wording, mapping or reading, and I sign it off for use. The pack is "
    "identified by its id, version and sha256 hash above: every log made with it records the same.",
)


def _px(points: float) -> int:
    """A paragraph's length (margin, indent) in points as the writer's pixels: Qt takes a
    paragraph's margins in the pixels of the device it lays out on."""
    return round(points * PDF_RESOLUTION / 72)


def _table_px(points: float) -> int:
    """A table's length (padding, margin) in points as rich text's pixels: Qt takes those at
    96 to the inch and scales them to the device."""
    return round(points * 96 / 72)


def _mark_html(mark: Mark | None) -> str:
    if mark is None:
        return ""
    return f' <span style="background-color:{MARK_COLOUR}"><b>{html.escape(str(mark))}</b></span>'


def _lines_html(text: str) -> str:
    """Each line of ``text`` kept as a line."""
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _paragraph(inner: str, indent_pt: float, *, top_pt: float = 0, size: str = "", colour: str = "") -> str:
    """A paragraph at ``indent_pt`` whose further lines hang 12 pt in (a wrapped option, the
    lines of help under "Help:")."""
    style = (
        f"margin-top:{_px(top_pt)}px; margin-bottom:0px; margin-left:{_px(indent_pt + HANG)}px; "
        f"text-indent:-{_px(HANG)}px"
    )
    if size:
        style += f"; font-size:{size}"
    if colour:
        style += f"; color:{colour}"
    return f'<p style="{style}">{inner}</p>'


def _entry_html(entry: Entry) -> str:
    indent = entry.indent * 5  # points: the text format's two spaces as 10 pt
    if entry.kind == "title":
        return ""  # on the first page
    if entry.kind == "heading":
        return f'<h3 style="margin-top:{_px(6)}px; margin-bottom:{_px(3)}px">{html.escape(entry.text)}</h3>'
    if entry.kind == "table":
        return _table_html(entry)
    if entry.kind == "line":
        return _paragraph(_lines_html(entry.text), indent)
    head = _lines_html(entry.text)
    if not entry.text.startswith("Source: "):  # a question set's source is said, not a heading
        head = f"<b>{head}</b>"
    parts = [_paragraph(head + _mark_html(entry.mark), indent, top_pt=4)]
    for detail in entry.details:
        parts.append(_paragraph(_lines_html(detail.text) + _mark_html(detail.mark), indent + 14))
    source = None
    if entry.source:
        source = QCoreApplication.translate("signoff", "Source: {0}").format(entry.source)
    elif entry.source_from:
        source = QCoreApplication.translate("signoff", "Source: as {0}, above").format(entry.source_from)
    if source:
        parts.append(_paragraph(f"<i>{_lines_html(source)}</i>", indent + 14, size="9pt", colour=SOURCE_COLOUR))
    return "\n".join(parts)


def _table_html(entry: Entry) -> str:
    header, *rows = entry.rows
    head = "".join(f'<th align="left" bgcolor="#e4e4e4">{html.escape(cell)}</th>' for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table border="1" cellspacing="0" cellpadding="{_table_px(2)}" width="100%" style="margin-top:{_table_px(4)}px">'
        f"<tr>{head}</tr>{body}</table>"
    )


def _cover_html(pack: Pack, outline: Outline, produced: datetime) -> str:
    e = html.escape
    rows = [
        (QCoreApplication.translate("signoff", "Id"), e(pack.id)),
        (QCoreApplication.translate("signoff", "Version"), e(pack.version)),
        (
            QCoreApplication.translate("signoff", "sha256 hash"),
            f'<span style="font-family:monospace; font-size:9pt">{e(pack.content_hash)}</span>',
        ),
        (QCoreApplication.translate("signoff", "Read from"), e(str(pack.folder))),
        (
            QCoreApplication.translate("signoff", "Produced"),
            e(
                QCoreApplication.translate("signoff", "{0} at {1:%H:%M} by asbdesk {2}").format(
                    long_date(produced.date()), produced, __version__
                )
            ),
        ),
    ]
    facts = "".join(f'<tr><td width="22%"><b>{e(label)}</b></td><td>{value}</td></tr>' for label, value in rows)
    legend = "".join(
        f'<tr><td width="26%" style="white-space:nowrap"><span style="background-color:{MARK_COLOUR}">'
        f"<b>[{e(tag)}]</b></span></td><td>{e(words)}</td></tr>"
        for tag, words in LEGEND
    )
    marked = len(outline.marks)
    sign = "".join(
        f'<tr><td width="22%"><b>{label}</b></td><td>{"<br>" * lines}&nbsp;</td></tr>'
        for label, lines in (
            (QCoreApplication.translate("signoff", "Name"), 0),
            (QCoreApplication.translate("signoff", "Role"), 0),
            (QCoreApplication.translate("signoff", "Signature"), 2),
            (QCoreApplication.translate("signoff", "Date"), 0),
        )
    )
    title = QCoreApplication.translate("signoff", "Policy pack sign-off")
    sign_off = QCoreApplication.translate("signoff", "Sign-off")
    how = QCoreApplication.translate("signoff", "How to read it")
    return "\n".join(
        (
            f'<p style="font-size:18pt"><b>{title}</b></p>',
            f'<p style="font-size:13pt"><b>{e(pack.name)}</b></p>',
            f'<table border="1" cellspacing="0" cellpadding="{_table_px(3)}" width="100%">{facts}</table>',
            f'<h3 style="margin-top:{_px(16)}px">{sign_off}</h3>',
            f"<p>{e(QCoreApplication.translate('signoff', STATEMENT))}</p>",
            f'<table border="1" cellspacing="0" cellpadding="{_table_px(8)}" width="100%">{sign}</table>',
            f'<h3 style="margin-top:{_px(16)}px">{how}</h3>',
            QCoreApplication.translate(
                "signoff",
                "<p>Every item of the pack follows, part by part, each with its source (the seed and section it comes from). The wording of questions, options and prompts is the pack's own, exactly as the call handler sees it; help written line by line keeps its lines. <b>{0}</b> as asbdesk's own, not taken word for word from a seed:</p>",
            ).format(
                (
                    QCoreApplication.translate("signoff", "{0} item is marked")
                    if marked == 1
                    else QCoreApplication.translate("signoff", "{0} items are marked")
                ).format(marked)
            ),
            f'<table border="0" cellspacing="0" cellpadding="{_table_px(2)}" width="100%">{legend}</table>',
            QCoreApplication.translate(
                "signoff",
                "<p><small>The rule: an item is marked when it is the national layer's (the rules every force inherits, worded by asbdesk), when its source, its own words or a comment written on it in the pack say it is asbdesk's wording, mapping or reading, or when its source cites no seed.</small></p>",
            ),
        )
    )


def signoff_html(pack: Pack, produced: datetime) -> str:
    """The whole sign-off document as Qt rich text."""
    outline = pack_outline(pack)
    body = "\n".join(_entry_html(entry) for entry in outline.entries)
    heading = QCoreApplication.translate("signoff", "The pack, item by item")
    return (
        _cover_html(pack, outline, produced)
        + f'\n<p style="page-break-before:always; font-size:15pt"><b>{heading}</b></p>\n'
        + body
    )


def write_signoff_pdf(pack: Pack, path: str | os.PathLike[str], *, produced: datetime | None = None) -> str:
    """Write the sign-off document for ``pack`` to ``path``, a new file (FileExistsError if
    there is one: it is never overwritten), made 0600; returns the PDF's sha256 in hex."""
    path = Path(path)
    paths.open_private(path, "xb").close()  # claims the name: refused if anything is there
    try:
        when = produced or datetime.now().astimezone()
        document = QTextDocument()
        document.setDefaultFont(_plain_font(10))
        document.setHtml(signoff_html(pack, when))
        short = pack.content_hash[:16]
        _write_pdf(
            path,
            QCoreApplication.translate("signoff", "Sign-off: policy pack {0} {1}").format(pack.id, pack.version),
            [document],
            footer=lambda page, pages: QCoreApplication.translate(
                "signoff", "Policy pack {0} version {1} · sha256 {2}… · page {3} of {4}"
            ).format(pack.id, pack.version, short, page, pages),
        )
    except BaseException:
        path.unlink(missing_ok=True)  # ours, just made: leave no half-written document
        raise
    return hashlib.sha256(path.read_bytes()).hexdigest()
