"""The supervisor's documents (issue 10): the unsuccessful ring-back letter for posting, the
compliance report as a PDF, and the compliance chart drawn with QPainter; the trainer's
(issue 11): the trainer sheet for role-playing a scenario's caller and the trainee's scorecard.

Qt lays the PDFs out (QPdfWriter and QTextDocument, in QtGui): no plotting library, nothing
beyond PySide6 Essentials in the bundle. The chart is one function, :func:`paint_compliance`,
that the desk's :class:`ComplianceChart` and the PDF both call, so what is printed is what was
on screen. Every value on the chart is written next to its bar in words: colour is never the
only way it is told.

Qt needs an application object to lay out text (the CLI makes one, offscreen without a screen).
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from asbdesk import paths
from asbdesk.core import public_words
from asbdesk.core.public_words import Language
from asbdesk.core.render import local_time
from asbdesk.gui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from asbdesk.core.packs import Pack
    from asbdesk.core.scenarios import Scenario, Scorecard
    from asbdesk.storage.supervision import ComplianceReport, Letter


PDF_RESOLUTION = 300
BAR_COLOUR = QColor("#2b5797")
TRACK_COLOUR = QColor("#e4e4e4")


def long_date(day: date, lang: str = "en") -> str:
    """E.g. '23 November 2026', in Welsh '23 Tachwedd 2026' (own month names whatever the
    locale: Qt sets the C library's locale, so strftime's %B could print another language)."""
    return public_words.long_date(day, lang)


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def percent(rate: float | None) -> str:
    """A compliance rate (0..1) in words: '82.5%', or 'no data' when nothing applied."""
    return QCoreApplication.translate("Compliance", "no data") if rate is None else f"{rate * 100:.1f}%"


# ------------------------------------------------------------------ the ring-back letter


@dataclass(frozen=True)
class _LetterWords:
    sender: tuple[str, ...]  # the force, its return address and how to reach the team
    address: tuple[str, ...]
    dated: str
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: tuple[str, ...]
    title: str  # the PDF's own title (its properties)


SITE_HINT = "an administrator sets it with 'asbdesk site set FILE.yaml' (see docs/site.md)"


def letter_language(letter: Letter, language: str | None = None) -> Language:
    """The language the letter is written in: ``language`` when given (the person's choice:
    'en', 'cy' or 'both'), else the force's default in the contact's pack (English when it
    offers no Welsh). Raises ValueError in words for Welsh from a pack that offers none."""
    if language is None:
        return public_words.language(letter.languages[0])
    chosen = public_words.language(language)
    if chosen != "en" and "cy" not in letter.languages:
        raise ValueError(
            f"pack '{letter.pack_id}' offers no Welsh wording for the public (no public.welsh block), so the "
            "ring-back letter is written in English only"
        )
    return chosen


def _letter_words(letter: Letter, on: date | None, lang: str = "en") -> _LetterWords:
    """The letter in one language ('en' or 'cy')."""
    force = letter.force
    if force is None:
        raise ValueError(
            "the ring-back letter is written in the force's name, and no site is set on this database: " + SITE_HINT
        )
    if not force.address or not force.postcode:
        raise ValueError(
            "the ring-back letter needs the force's return address, and the site has none: "
            "set force.address and force.postcode; " + SITE_HINT
        )
    if letter.public_contact is None:
        raise ValueError(
            f"pack '{letter.pack_id}' has no public wording for letters (no 'public' block with how the "
            "public contact the force), so the ring-back letter cannot be written"
        )
    welsh = lang == "cy"
    public_contact = letter.public_contact_cy if welsh else letter.public_contact
    promised = letter.promised_cy if welsh else letter.promised
    if public_contact is None:
        raise ValueError(f"pack '{letter.pack_id}' has no Welsh wording for letters, so the letter cannot be in Welsh")
    name = (letter.force_cy or force.name) if welsh else force.name

    def w(key: str) -> str:
        return public_words.word(key, lang)

    reference = letter.reference.strip()
    reported = long_date(_local_date(letter.reported_at), lang)
    # asbdesk's own wording for the letter, built from seed 002 'Ring Backs and Reassurance
    # Visits': "If the ring back is unsuccessful, and no contact made, individuals must send a
    # letter to the victim advising them of our continued support and contact details". Who
    # writes, from where and how to reach them is the site (issue 19); how to reach the force
    # by 101 and what was promised are the pack's wording for the public, as on the slip.
    # The Welsh is asbdesk.core.public_words (to be reviewed by a Welsh speaker).
    paragraphs = [w("letter.tried")]
    if promised:
        paragraphs.append(w("letter.promised").format(promised))
    paragraphs.append(w("letter.support"))
    team = w("letter.team").format(force.phone_words) if force.phone_words else ""
    email = w("letter.email").format(force.email) if force.email else ""
    paragraphs += [
        w("letter.contact").format(f"{team}{_lower_first(public_contact) if team else public_contact}")
        + email
        + w("letter.quote").format(reference),
        w("letter.emergency").format(w("call_999")),
    ]
    closing = [w("letter.closing"), ""]
    if letter.officer and letter.officer.strip():
        closing.append(" ".join(letter.officer.split()))
    if force.signatory:
        closing.append(force.signatory)
    closing.append(name)
    sender = [name, *force.postal_lines]
    if force.phone_words:
        sender.append(w("letter.team_line").format(force.phone_words))
    if force.email:
        sender.append(force.email)
    if force.website:
        sender.append(force.website)
    return _LetterWords(
        sender=tuple(sender),
        address=(letter.caller_name.strip(), *(line.strip() for line in letter.address_lines if line.strip())),
        dated=long_date(on or datetime.now().astimezone().date(), lang),
        subject=w("letter.subject").format(reference, reported),
        greeting=w("letter.greeting").format(letter.caller_name.strip()),
        paragraphs=tuple(paragraphs),
        closing=tuple(closing),
        title=w("letter.title").format(reference),
    )


def _letters(letter: Letter, on: date | None, language: str | None) -> list[_LetterWords]:
    """The letter in each language it is written in: bilingual is the Welsh, then the English."""
    lang = letter_language(letter, language)
    return [_letter_words(letter, on, part) for part in public_words.parts(lang)]


def _lower_first(text: str) -> str:
    """'Call 101, …' -> 'call 101, …' after "or" (a leading acronym stays as it is)."""
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def letter_text(letter: Letter, *, on: date | None = None, language: str | None = None) -> str:
    """The unsuccessful ring-back letter as plain text (the same words as the PDF), dated
    ``on`` (default today), in ``language`` ('en', 'cy' or 'both': the Welsh letter, then the
    English; default: the force's choice in its pack). Raises ValueError, in words saying
    what to set, when the site has no return address or the pack no wording for the public
    (or no Welsh, for a letter in Welsh)."""
    texts = []
    for words in _letters(letter, on, language):
        lines = [*words.sender, "", *words.address, "", words.dated, "", words.subject, "", words.greeting, ""]
        for paragraph in words.paragraphs:
            lines += [paragraph, ""]
        lines += list(words.closing)
        texts.append("\n".join(lines) + "\n")
    return ("\n" + "-" * 66 + "\n\n").join(texts)


def _letter_html(words: _LetterWords, new_page: bool = False) -> str:
    e = html.escape
    name, *rest = words.sender
    # A bilingual letter: the English starts on a page of its own after the Welsh.
    first = '<p align="right" style="page-break-before: always">' if new_page else '<p align="right">'
    parts = [
        f'{first}<span style="font-size:14pt"><b>{e(name)}</b></span><br>'
        + "<br>".join(e(line) for line in rest)
        + "</p>",
        "<p>" + "<br>".join(e(line) for line in words.address) + "</p>",
        f'<p align="right">{e(words.dated)}</p>',
        f"<p><b>{e(words.subject)}</b></p>",
        f"<p>{e(words.greeting)}</p>",
        *(f"<p>{e(p)}</p>" for p in words.paragraphs),
        "<p>" + "<br>".join(e(line) for line in words.closing) + "</p>",
    ]
    return "\n".join(parts)


def letter_pdf(letter: Letter, *, on: date | None = None, language: str | None = None) -> bytes:
    """The unsuccessful ring-back letter for posting as a PDF (A4), laid out in memory: the
    outcome is recorded first and the file written after (issue 22.2,
    :func:`asbdesk.storage.supervision.record_recontact`). ``language`` as for
    :func:`letter_text` (bilingual: the Welsh letter, the English on the next page). Raises
    ValueError when the site or the pack has nothing to write it with."""
    letters = _letters(letter, on, language)
    document = QTextDocument()
    document.setDefaultFont(_pdf_font(11))
    document.setHtml("\n".join(_letter_html(words, new_page=n > 0) for n, words in enumerate(letters)))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _write_pdf(buffer, " / ".join(words.title for words in letters), [document])
    buffer.close()
    return bytes(buffer.data().data())


def write_letter_pdf(
    letter: Letter, path: str | os.PathLike[str], *, on: date | None = None, language: str | None = None
) -> str:
    """Write the unsuccessful ring-back letter for posting to ``path`` as a PDF (A4, made
    0600: it holds the caller's name and address), never over an existing file; returns the
    file's sha256 in hex. Raises ValueError when the pack has no public wording for letters,
    OSError (FileExistsError for a file there already) when the file cannot be written."""
    content = letter_pdf(letter, on=on, language=language)
    with paths.open_private(Path(path), "xb") as out:
        out.write(content)
    return hashlib.sha256(content).hexdigest()


# ------------------------------------------------------------------ PDF plumbing


def _pdf_font(points: float) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    return font


PagePainter = Callable[[QPainter, QRectF], None]


def _a4_writer(path: Path | QBuffer, title: str, margin_mm: int, author: str | None = None) -> QPdfWriter:
    """An A4 portrait PDF writer for ``path``, the file made 0600 before Qt writes into it
    (or into a buffer in memory); ``author`` goes in the PDF's own properties where this Qt
    can write them."""
    if isinstance(path, QBuffer):
        writer = QPdfWriter(path)
    else:
        paths.open_private(path, "wb").close()
        writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("asbdesk")
    if author and hasattr(writer, "setAuthor"):  # QPdfWriter.setAuthor: newer Qt than the oldest we take
        writer.setAuthor(author)
    writer.setResolution(PDF_RESOLUTION)
    margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter
        )
    )
    return writer


def _write_pdf(
    path: Path | QBuffer,
    title: str,
    parts: Sequence[QTextDocument | PagePainter],
    footer: Callable[[int, int], str] | None = None,
    author: str | None = None,
) -> None:
    """A4 PDF at ``path``: each part starts on a new page; a QTextDocument flows over as many
    pages as it needs, a painter function draws one page. The file is made 0600 before Qt
    writes into it (Qt keeps the mode of the file it finds). ``footer(page, pages)`` gives
    the words printed at the foot of every page (the space is kept free for them).

    A document is laid out on whole sheets with the paper's margins as its own (as Qt's
    QTextDocument.print does): Qt also draws the line either side of a page's clip, unseen,
    and this way that line falls off the sheet, so a PDF or screen reader reads each line once."""
    writer = _a4_writer(path, title, margin_mm=20, author=author)
    resolution = writer.resolution()
    margins = writer.pageLayout().marginsPixels(resolution)
    layout = writer.pageLayout()
    layout.setMode(QPageLayout.Mode.FullPageMode)
    writer.setPageLayout(layout)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF to {path}")
    try:
        sheet = QRectF(writer.pageLayout().fullRectPixels(resolution))
        foot = QFontMetricsF(_pdf_font(8), writer).height() * 2 if footer else 0.0
        area = QRectF(
            margins.left(),
            margins.top(),
            sheet.width() - margins.left() - margins.right(),
            sheet.height() - margins.top() - margins.bottom() - foot,
        )
        for part in parts:
            if isinstance(part, QTextDocument):
                part.documentLayout().setPaintDevice(writer)
                # Format lengths are in pixels at 96 dpi, scaled to the writer by Qt.
                scale = 96 / resolution
                frame = part.rootFrame().frameFormat()
                frame.setLeftMargin(area.left() * scale)
                frame.setRightMargin((sheet.width() - area.right()) * scale)
                frame.setTopMargin(area.top() * scale)
                frame.setBottomMargin((sheet.height() - area.bottom()) * scale)
                part.rootFrame().setFrameFormat(frame)
                part.setPageSize(sheet.size())
        pages = sum(part.pageCount() if isinstance(part, QTextDocument) else 1 for part in parts)
        strip = QRectF(area.left(), area.bottom() + foot / 2, area.width(), foot / 2)
        number = 0
        for part in parts:
            if isinstance(part, QTextDocument):
                for n in range(part.pageCount()):
                    number = _new_page(writer, painter, number, footer and footer(number + 1, pages), strip)
                    painter.save()
                    painter.translate(0, -n * sheet.height())
                    part.drawContents(painter, QRectF(0, n * sheet.height(), sheet.width(), sheet.height()))
                    painter.restore()
            else:
                number = _new_page(writer, painter, number, footer and footer(number + 1, pages), strip)
                painter.save()
                painter.translate(area.topLeft())
                part(painter, QRectF(0, 0, area.width(), area.height()))
                painter.restore()
    finally:
        painter.end()
    if isinstance(path, QBuffer):
        if not path.size():
            raise OSError("the PDF was not laid out")
    elif not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF was not written to {path}")


def _new_page(writer: QPdfWriter, painter: QPainter, number: int, foot: str | None, strip: QRectF) -> int:
    """Start page ``number + 1`` (the first is already there) with ``foot`` at its foot;
    returns its number. (A function of its own: pyside6-lupdate loses the class of the
    tr() strings below a function nested in another.)"""
    if number:
        writer.newPage()
    if foot:
        painter.save()
        painter.setFont(_pdf_font(8))
        painter.setPen(QColor("#444444"))
        painter.drawText(strip, int(Qt.AlignmentFlag.AlignCenter), foot)
        painter.restore()
    return number + 1


# ------------------------------------------------------------------ the compliance chart


@dataclass(frozen=True)
class _Row:
    shape: str  # "heading" | "bar" | "note"
    label: str
    rate: float | None = None
    detail: str = ""


def _counts_words(row: dict[str, Any]) -> str:
    applied = row["yes"] + row["no"]
    if not applied:
        return QCoreApplication.translate("Compliance", "none applied")
    return QCoreApplication.translate("Compliance", "{0} of {1}").format(row["yes"], applied)


def _chart_rows(report: ComplianceReport) -> list[_Row]:
    rows = [_Row("heading", QCoreApplication.translate("Compliance", "By checklist item"))]
    rows += [_Row("bar", i["label"], i["rate"], _counts_words(i)) for i in report.items]
    rows.append(_Row("heading", QCoreApplication.translate("Compliance", "By operator")))
    if report.operators:
        rows += [_Row("bar", _operator_words(o), o["rate"], _counts_words(o)) for o in report.operators]
    else:
        rows.append(_Row("note", QCoreApplication.translate("Compliance", "No logs were sampled in this period.")))
    return rows


def _operator_words(row: dict[str, Any]) -> str:
    """'ann (1 log sampled)', 'bob (3 logs sampled)'."""
    if row["sampled"] == 1:
        return QCoreApplication.translate("Compliance", "{0} ({1} log sampled)").format(row["operator"], row["sampled"])
    return QCoreApplication.translate("Compliance", "{0} ({1} logs sampled)").format(row["operator"], row["sampled"])


def _row_height(row: _Row, line: float) -> float:
    if row.shape == "heading":
        return line * 1.8
    if row.shape == "note":
        return line * 1.4
    return line * 2.6  # the label, the bar under it, a gap


def _paint_rows(painter: QPainter, rect: QRectF, rows: Sequence[_Row]) -> None:
    ink = painter.pen().color()
    base = QFont(painter.font())
    bold = QFont(base)
    bold.setBold(True)
    metrics = QFontMetricsF(base, painter.device())
    line = metrics.height()
    value_width = metrics.horizontalAdvance("100.0%  (9999 of 9999)  ")
    track_width = max(rect.width() - value_width, rect.width() * 0.4)
    y = rect.top()
    for row in rows:
        if row.shape == "heading":
            painter.setFont(bold)
            painter.setPen(ink)
            heading = QRectF(rect.left(), y + line * 0.4, rect.width(), line * 1.2)
            painter.drawText(heading, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row.label)
            painter.setFont(base)
        elif row.shape == "note":
            painter.setPen(ink)
            painter.drawText(
                QRectF(rect.left(), y, rect.width(), line * 1.2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                row.label,
            )
        else:
            painter.setPen(ink)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(
                QRectF(rect.left(), y, rect.width(), line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            bar_y = y + line * 1.1
            track = QRectF(rect.left(), bar_y, track_width, line * 1.1)
            painter.fillRect(track, TRACK_COLOUR)
            if row.rate is not None and row.rate > 0:
                painter.fillRect(
                    QRectF(track.left(), track.top(), track.width() * min(row.rate, 1.0), track.height()), BAR_COLOUR
                )
            painter.setPen(QPen(ink, 0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(track)
            value = percent(row.rate) + (f"  ({row.detail})" if row.rate is not None else "")
            painter.drawText(
                QRectF(track.right() + line * 0.5, bar_y, value_width, track.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                value,
            )
        y += _row_height(row, line)
    painter.setFont(base)
    painter.setPen(ink)


def chart_height(report: ComplianceReport, font: QFont, device: Any = None) -> float:
    """How tall :func:`paint_compliance` draws ``report`` in ``font`` on ``device``."""
    line = QFontMetricsF(font, device).height() if device is not None else QFontMetricsF(font).height()
    return sum(_row_height(r, line) for r in _chart_rows(report))


def paint_compliance(painter: QPainter, rect: QRectF | Any, report: ComplianceReport | None) -> None:
    """Horizontal bars, one per checklist item then one per operator, each labelled, with its
    rate written next to it ('82.5%  (33 of 40)', or 'no data' where nothing applied).
    Drawn in the painter's font and pen colour from the top of ``rect``; the desk's
    :class:`ComplianceChart` and the compliance PDF both draw with it."""
    area = QRectF(rect)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    if report is None:
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            QCoreApplication.translate("Compliance", "No report yet."),
        )
    else:
        _paint_rows(painter, area, _chart_rows(report))
    painter.restore()


def describe_compliance(report: ComplianceReport | None) -> str:
    """The chart in words (for a screen reader, and what the chart says without colour)."""
    if report is None:
        return QCoreApplication.translate("Compliance", "No report yet.")
    return "; ".join(
        f"{r.label}: {percent(r.rate)}" + (f" ({r.detail})" if r.rate is not None else "")
        for r in _chart_rows(report)
        if r.shape == "bar"
    )


class ComplianceChart(QWidget):
    """The compliance report as bars (per checklist item, per operator) with the rate in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ComplianceReport | None = None
        self.setAccessibleName(self.tr("Compliance chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def set_report(self, report: ComplianceReport | None) -> None:
        self.report = report
        self.setAccessibleDescription(describe_compliance(report))
        self.setToolTip(describe_compliance(report).replace("; ", "\n"))
        self._fit()
        self.update()

    def _fit(self) -> None:
        line = QFontMetricsF(self.font()).height()
        height = chart_height(self.report, self.font()) if self.report is not None else line * 2
        self.setFixedHeight(int(height + line))
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(520, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.setFont(self.font())
        margin = QFontMetricsF(self.font()).height() * 0.5
        paint_compliance(painter, QRectF(self.rect()).adjusted(margin, 0, -margin, 0), self.report)
        painter.end()


# ------------------------------------------------------------------ the compliance PDF


def _period_words(start: datetime, end: datetime) -> str:
    from datetime import timedelta

    return QCoreApplication.translate("Compliance", "{0} to {1}").format(
        long_date(start.date()), long_date((end - timedelta(days=1)).date())
    )


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1) -> str:
    e = html.escape
    # Words to the left, numbers to the right (whole tags: the alignment is markup, not words).
    head = "".join(
        ('<th align="left" bgcolor="#e4e4e4">' if i < numeric_from else '<th align="right" bgcolor="#e4e4e4">')
        + f"{e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            ('<td align="left">' if i < numeric_from else '<td align="right">') + f"{e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr>{head}</tr>{body}</table>'


def compliance_html(report: ComplianceReport) -> str:
    """The compliance report's tables (per checklist item, per operator, per month) as HTML."""
    e = html.escape
    yes, no = QCoreApplication.translate("Compliance", "Yes"), QCoreApplication.translate("Compliance", "No")
    rate, sampled = (
        QCoreApplication.translate("Compliance", "Rate"),
        QCoreApplication.translate("Compliance", "Logs sampled"),
    )
    checklist_item = QCoreApplication.translate("Compliance", "Checklist item")
    items = _table(
        (checklist_item, yes, no, QCoreApplication.translate("Compliance", "Not applicable"), rate),
        [(i["label"], str(i["yes"]), str(i["no"]), str(i["na"]), percent(i["rate"])) for i in report.items],
    )
    operators = (
        _table(
            (QCoreApplication.translate("Compliance", "Operator"), sampled, yes, no, rate),
            [
                (o["operator"], str(o["sampled"]), str(o["yes"]), str(o["no"]), percent(o["rate"]))
                for o in report.operators
            ],
        )
        if report.operators
        else "<p>" + e(QCoreApplication.translate("Compliance", "No logs were sampled in this period.")) + "</p>"
    )
    months = (
        _table(
            (QCoreApplication.translate("Compliance", "Month"), sampled, yes, no, rate),
            [(p["period"], str(p["sampled"]), str(p["yes"]), str(p["no"]), percent(p["rate"])) for p in report.periods],
        )
        if report.periods
        else "<p>" + e(QCoreApplication.translate("Compliance", "No marks in this period.")) + "</p>"
    )
    noted = [o for o in report.operators if o["no_notes"]]
    notes = "".join(
        f"<h4>{e(o['operator'])} ({len(o['no_notes'])})</h4>"
        + _table(
            (
                QCoreApplication.translate("Compliance", "Log"),
                checklist_item,
                QCoreApplication.translate("Compliance", "What was missing"),
                QCoreApplication.translate("Compliance", "Marked by"),
            ),
            [
                (
                    f"{n['reference']} ({local_time(datetime.fromisoformat(n['started_at']))})",
                    n["label"],
                    n["note"],
                    f"{n['marked_by']}, {local_time(datetime.fromisoformat(n['marked_at']))}",
                )
                for n in o["no_notes"]
            ],
            numeric_from=4,
        )
        for o in noted
    )
    read = QCoreApplication.translate(
        "Compliance",
        "Logs started from {0}. The rate is yes out of the logs each check applied to (yes + no); not "
        "applicable is left out. Each log counts once per checklist item, by its latest mark. Read: {1}.",
    ).format(_period_words(report.start, report.end), report.read_words())
    none_marked_no = QCoreApplication.translate("Compliance", "No check was marked no in this period.")
    return "\n".join(
        (
            "<h2>" + e(QCoreApplication.translate("Compliance", "Compliance with the dip-sample checklist")) + "</h2>",
            f"<p><b>{e(report.run_words())}.</b></p>",
            f"<p>{e(read)}</p>",
            "<h3>" + e(QCoreApplication.translate("Compliance", "By checklist item")) + "</h3>",
            items,
            "<h3>" + e(QCoreApplication.translate("Compliance", "By operator")) + "</h3>",
            operators,
            "<h3>" + e(QCoreApplication.translate("Compliance", "By month")) + "</h3>",
            months,
            "<h3>" + e(QCoreApplication.translate("Compliance", "‘No’ notes by operator, for feedback")) + "</h3>",
            notes or f"<p>{e(none_marked_no)}</p>",
        )
    )


def write_compliance_pdf(report: ComplianceReport, path: str | os.PathLike[str]) -> None:
    """The compliance report as a PDF (A4, made 0600): title, who ran it and when, period,
    what it read, the tables per checklist item, per operator and per month, each operator's
    "no" notes, then the chart (over as many pages as it needs). Every page's foot names who
    ran it and when; so do the PDF's own properties (author) where Qt can write them."""
    document = QTextDocument()
    document.setDefaultFont(_pdf_font(10))
    document.setHtml(compliance_html(report))
    rows = _chart_rows(report)

    def chart_pages(painter: QPainter, area: QRectF) -> None:
        painter.setPen(QColor("black"))
        font = QFont(painter.font())
        font.setPointSizeF(10)
        painter.setFont(font)
        line = QFontMetricsF(font, painter.device()).height()
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(13)
        painter.setFont(bold)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line * 1.6),
            Qt.AlignmentFlag.AlignLeft,
            QCoreApplication.translate("ComplianceChart", "Compliance chart"),
        )
        painter.setFont(font)
        top = area.top() + line * 2
        page: list[_Row] = []
        used = 0.0
        for row in rows:
            height = _row_height(row, line)
            if page and top + used + height > area.bottom():
                _paint_rows(painter, QRectF(area.left(), top, area.width(), area.bottom() - top), page)
                device = painter.device()
                if isinstance(device, QPdfWriter):
                    device.newPage()
                top, page, used = area.top(), [], 0.0
            page.append(row)
            used += height
        _paint_rows(painter, QRectF(area.left(), top, area.width(), area.bottom() - top), page)

    title = QCoreApplication.translate("Compliance", "Compliance {0}").format(_period_words(report.start, report.end))
    run = report.run_words()

    def footer(page: int, pages: int) -> str:
        # the period heads the first page
        return QCoreApplication.translate("Compliance", "{0} · page {1} of {2}").format(run, page, pages)

    _write_pdf(Path(path), title, [document, chart_pages], footer=footer, author=report.runner())


# ------------------------------------------------------------------ training (issue 11)

# Marked for translators here; shown translated (:func:`training_line`). The scorecard, in
# the trainee's language, has its own (asbdesk.core.public_words, "score.training").
TRAINING_LINE = QT_TRANSLATE_NOOP("TrainingLine", "TRAINING — NOT A REAL CALL")


def training_line() -> str:
    """TRAINING — NOT A REAL CALL in the desk's language."""
    return QCoreApplication.translate("TrainingLine", TRAINING_LINE)


def answer_words(pack: Pack, question_id: str, answer: Any) -> str:
    """A scripted answer as the trainee would record it: Yes/No, the options' labels, the text."""
    question = pack.questions.get(question_id)
    if answer is None:
        return QCoreApplication.translate("TrainerSheet", "not answered: the caller will not say (record why, Ctrl+D)")
    if isinstance(answer, bool):
        return (
            QCoreApplication.translate("TrainerSheet", "Yes")
            if answer
            else QCoreApplication.translate("TrainerSheet", "No")
        )
    labels = {o.id: o.label for o in question.options} if question is not None else {}
    if isinstance(answer, (list, tuple)):
        return "; ".join(labels.get(str(a), str(a)) for a in answer) or QCoreApplication.translate(
            "TrainerSheet", "none"
        )
    return labels.get(str(answer), str(answer))


def question_words(pack: Pack, question_id: str, channel: str = "phone") -> str:
    """The question as the pack words it (at the counter, its wording for the public)."""
    question = pack.questions.get(question_id)
    if question is None:
        return question_id
    if channel == "walk-in" and question.text_in_person:
        return question.text_in_person
    return question.text


def _shown(value: Any, lang: str = "en") -> str:
    """A scorecard's expected or done value, in ``lang`` when it is asbdesk's word (nothing, none)."""
    if value is None:
        return public_words.word("score.nothing", lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or public_words.word("score.none", lang)
    return str(value)


def _pairs(rows: Sequence[tuple[str, str]]) -> str:
    """Label and value, one row each."""
    e = html.escape
    body = "".join(f'<tr><td width="28%"><b>{e(k)}</b></td><td>{e(v)}</td></tr>' for k, v in rows)
    return f'<table border="1" cellspacing="0" cellpadding="4" width="100%">{body}</table>'


def _text(words: str) -> str:
    """Words as the text of an element (``<``, ``>``, ``&`` escaped; quotes kept as typed)."""
    return html.escape(words, quote=False)


def trainer_sheet_html(scenario: Scenario) -> str:
    """Everything a trainer needs to play the caller: who they are, what they say first and
    unasked, their reply to each question (with the answer a trainee who listens well
    records), and the outcome the trainee must reach. asbdesk's words in the desk's language
    (context "TrainerSheet"); the scenario's and the pack's as they are written."""
    e = html.escape
    d, pack = scenario.data, scenario.pack
    caller = d.caller
    expected = d.expected
    channel = (
        QCoreApplication.translate("TrainerSheet", "walk-in at the front counter")
        if d.channel == "walk-in"
        else QCoreApplication.translate("TrainerSheet", "phone call")
    )
    rare = (
        " · <b>" + _text(QCoreApplication.translate("TrainerSheet", "RARE, HIGH HARM")) + "</b>"
        if d.rare_high_harm
        else ""
    )
    parts = [
        f'<p style="font-size:15pt"><b>{e(training_line())}</b></p>',
        "<h2>" + _text(QCoreApplication.translate("TrainerSheet", "Trainer sheet: {0}").format(d.title)) + "</h2>",
        "<p>"
        + QCoreApplication.translate("TrainerSheet", "Scenario <b>{0}</b> · pack <b>{1}</b> ({2}) · {3}").format(
            e(d.id), e(pack.id), e(pack.name), _text(channel)
        )
        + rare
        + "</p>",
        "<p><small>"
        + _text(QCoreApplication.translate("TrainerSheet", "Source: {0}").format(" ".join(d.seed.split())))
        + "</small></p>",
        "<h3>" + _text(QCoreApplication.translate("TrainerSheet", "Learning objectives")) + "</h3>",
        "<ul>" + "".join(f"<li>{e(o)}</li>" for o in d.objectives) + "</ul>",
        "<h3>" + _text(QCoreApplication.translate("TrainerSheet", "The caller (you play them)")) + "</h3>",
    ]
    details = [(QCoreApplication.translate("TrainerSheet", "Name"), f"{caller.given_name} {caller.family_name}")]
    if caller.phone:
        details.append((QCoreApplication.translate("TrainerSheet", "Phone"), caller.phone))
    if caller.address is not None:
        a = caller.address
        details.append(
            (
                QCoreApplication.translate("TrainerSheet", "Address"),
                ", ".join(p for p in (a.line1, a.town, a.postcode) if p),
            )
        )
    if caller.history:
        details.append(
            (
                QCoreApplication.translate("TrainerSheet", "On record"),
                "; ".join(
                    QCoreApplication.translate("TrainerSheet", "{0} ({1}) {2} day(s) ago").format(
                        h.incident_code,
                        pack.codes[h.incident_code].label if h.incident_code in pack.codes else "",
                        h.days_ago,
                    )
                    for h in caller.history
                ),
            )
        )
    if caller.flags:
        details.append(
            (
                QCoreApplication.translate("TrainerSheet", "Flags"),
                "; ".join(
                    QCoreApplication.translate("TrainerSheet", "{0} on the {1}").format(f.kind.replace("_", " "), f.on)
                    + (f" ({f.negate_risk})" if f.negate_risk else "")
                    for f in caller.flags
                ),
            )
        )
    parts.append(_pairs(details))
    script = d.script
    parts += [
        "<h3>" + _text(QCoreApplication.translate("TrainerSheet", "What the caller says first")) + "</h3>",
        f"<p>“{e(' '.join(script.opening.split()))}”</p>",
    ]
    if script.volunteers:
        parts += [
            "<h3>"
            + _text(QCoreApplication.translate("TrainerSheet", "What the caller says unasked (at any time)"))
            + "</h3>",
            "<ul>" + "".join(f"<li>“{e(v)}”</li>" for v in script.volunteers) + "</ul>",
        ]
    parts.append(
        "<h3>" + _text(QCoreApplication.translate("TrainerSheet", "The caller's reply to each question")) + "</h3>"
    )
    says = QCoreApplication.translate("TrainerSheet", "The caller says: “{0}”")
    expected_answer = _text(QCoreApplication.translate("TrainerSheet", "The answer expected:"))
    for qid, reply in script.replies.items():
        parts.append(
            f"<p><b>{e(question_words(pack, qid, d.channel))}</b> <small>({e(qid)})</small><br>"
            + _text(says.format(reply.says))
            + f"<br><i>{expected_answer}</i> {e(answer_words(pack, qid, reply.answer))}</p>"
        )
    other = QCoreApplication.translate(
        "TrainerSheet", "Any other question: the caller does not know (“I don't know, sorry”)."
    )
    outcome_heading = QCoreApplication.translate("TrainerSheet", "The expected outcome")
    parts.append(f"<p><small>{_text(other)}</small></p><h3>{_text(outcome_heading)}</h3>")
    level = expected.risk_level
    level_words = (
        QCoreApplication.translate("TrainerSheet", "at least {0}").format(
            pack.level_labels.get(level.at_least, level.at_least)
        )
        if hasattr(level, "at_least")
        else pack.level_labels.get(str(level), str(level))
    )
    prompts = {p.id: p for p in pack.prompts}
    referrals = {r.id: r for r in pack.data.referrals}
    code = pack.codes.get(expected.incident_code)
    none = QCoreApplication.translate("TrainerSheet", "none")
    outcome = [
        (
            QCoreApplication.translate("TrainerSheet", "Incident code"),
            f"{expected.incident_code}" + (f" — {code.label}" if code else ""),
        ),
        (
            QCoreApplication.translate("TrainerSheet", "Questions that must be asked"),
            "; ".join(f"{q}: {question_words(pack, q, d.channel)}" for q in expected.questions)
            or QCoreApplication.translate("TrainerSheet", "none named"),
        ),
        (QCoreApplication.translate("TrainerSheet", "Risk level"), level_words),
        (
            QCoreApplication.translate("TrainerSheet", "Prompts to acknowledge"),
            "; ".join(
                f"{p} ({prompts[p].kind.replace('_', ' ').upper()})" if p in prompts else p
                for p in expected.acknowledged
            )
            or none,
        ),
        (
            QCoreApplication.translate("TrainerSheet", "Grade"),
            pack.grades[expected.grade].label if expected.grade in pack.grades else expected.grade,
        ),
        (QCoreApplication.translate("TrainerSheet", "RAG"), expected.rag.upper()),
        (
            QCoreApplication.translate("TrainerSheet", "Referrals"),
            "; ".join(referrals[r].to if r in referrals else r for r in expected.referrals) or none,
        ),
    ]
    if expected.contact_preference is not None:
        outcome.append((QCoreApplication.translate("TrainerSheet", "Contact preference"), expected.contact_preference))
    if expected.thrive:
        outcome.append(
            (
                QCoreApplication.translate("TrainerSheet", "THRIVE"),
                QCoreApplication.translate("TrainerSheet", "a rationale written under every heading"),
            )
        )
    if expected.time_target_s is not None:
        outcome.append(
            (
                QCoreApplication.translate("TrainerSheet", "Time target"),
                QCoreApplication.translate("TrainerSheet", "{0} s").format(expected.time_target_s),
            )
        )
    parts.append(_pairs(outcome))
    return "\n".join(parts)


def _plain_font(points: float) -> QFont:
    """The PDF font without ligatures: "fl" stays two letters, so the words copy and search
    as typed (pdftotext, a screen reader)."""
    font = _pdf_font(points)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _print_pdf(path: Path, title: str, document: QTextDocument) -> None:
    """``document`` as an A4 PDF at ``path`` (made 0600 first), paginated by Qt itself (each
    line on one page only, page numbers at the foot)."""
    writer = _a4_writer(path, title, margin_mm=15)
    document.print_(writer)
    del writer  # the file is finished when the writer goes
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF was not written to {path}")


def write_trainer_sheet_pdf(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """The trainer sheet for ``scenario`` as a PDF (A4, made 0600): TRAINING — NOT A REAL
    CALL, the objectives, the caller, their opening and volunteered lines, each question's
    reply and the answer expected, the expected outcome."""
    document = QTextDocument()
    document.setDefaultFont(_plain_font(10))
    document.setHtml(trainer_sheet_html(scenario))
    title = QCoreApplication.translate("TrainerSheet", "{0}: trainer sheet {1}").format(training_line(), scenario.id)
    _print_pdf(Path(path), title, document)


def desk_language() -> str:
    """'cy' when the desk is in Welsh (``ASBDESK_LANG=cy``, or a Welsh system), else 'en':
    the language the trainee chose for the desk is the scorecard's (issue 23.3)."""
    from PySide6.QtCore import QLocale

    from asbdesk.gui.i18n import wanted_locale

    return "cy" if wanted_locale().language() == QLocale.Language.Welsh else "en"


def _card_language(language: str | None) -> str:
    """The scorecard's language: 'cy' or 'en' (default: the desk's)."""
    return "cy" if (language or desk_language()) == "cy" else "en"


def scorecard_html(
    card: Scorecard, scenario: Scenario, trainee: str, force: str = "", language: str | None = None
) -> str:
    """A scorecard: each item met or missed, expected and done, and why a missed item matters
    (one sentence and its source); items that follow from an earlier miss, or that the desk
    does for the trainee, marked and not counted; the attempt's date, time taken, key presses
    and the overall score. ``force``: the force's name from the site, heading the page (issue 19).
    ``language`` 'en' or 'cy' (default: the desk's, :func:`desk_language`): asbdesk's own words
    (headings, results) in it; each item's words and why are the scoring's, in English."""
    lang = _card_language(language)

    def w(key: str) -> str:
        return public_words.word(key, lang)

    e = html.escape
    rows = []
    for item in card.items:
        result = w(f"result.{item.result}") if f"result.{item.result}" in public_words.WORDS[lang] else item.result
        verdict = f"<b>{e(result.upper())}</b>" if item.counted and not item.met else e(result.upper())
        rows.append(
            f"<tr><td>{e(item.item)}</td><td>{verdict}</td><td>{e(_shown(item.expected, lang))}</td>"
            f"<td>{e(_shown(item.actual, lang))}</td><td><small>{e(item.explanation())}</small></td></tr>"
        )
    head = "".join(
        f'<th align="left" bgcolor="#e4e4e4">{e(w(h))}</th>'
        for h in ("score.item", "score.result", "score.expected", "score.done", "score.why")
    )
    counted = card.counted()
    met = sum(i.met for i in counted)
    extra = []
    if card.elapsed_s is not None:
        extra.append(w("score.time").format(round(card.elapsed_s)))
    if card.keys is not None:
        extra.append(w("score.keys").format(card.keys))
    return "\n".join(
        (
            f'<p align="right"><b>{e(force)}</b></p>' if force else "",
            f'<p style="font-size:15pt"><b>{e(w("score.training"))}</b></p>',
            f"<h2>{e(w('score.title').format(scenario.data.title))}</h2>",
            f"<p>{e(w('score.scenario'))} <b>{e(scenario.id)}</b> · {e(w('score.pack'))} <b>{e(scenario.pack.id)}</b>"
            f" · {e(w('score.trainee'))} <b>{e(trainee)}</b> · {e(w('score.taken'))} <b>{e(card.taken())}</b></p>",
            f'<p style="font-size:14pt">{_bold_score(w("score.score"), card.score, met, len(counted))}</p>',
            f"<p>{e(' · '.join(extra))}</p>" if extra else "",
            f'<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr>{head}</tr>{"".join(rows)}</table>',
        )
    )


def _bold_score(words: str, score: int, met: int, counted: int) -> str:
    """'Score: <b>82%</b> (9 of 11 items met)': the percentage in bold, in either language."""
    marker = "\x00"
    text = html.escape(words.format(marker, met, counted))
    return text.replace(f"{marker}%", f"<b>{score}%</b>")


def write_scorecard_pdf(
    card: Scorecard,
    scenario: Scenario,
    trainee: str,
    path: str | os.PathLike[str],
    force: str = "",
    language: str | None = None,
) -> None:
    """The scorecard as a PDF (A4, made 0600), headed by the force's name when given, in
    ``language`` (default: the desk's)."""
    document = QTextDocument()
    document.setDefaultFont(_plain_font(10))
    document.setHtml(scorecard_html(card, scenario, trainee, force, language))
    lang = _card_language(language)
    title = public_words.word("score.file_title", lang).format(
        public_words.word("score.training", lang), scenario.id, trainee
    )
    _print_pdf(Path(path), title, document)
