"""The site: who the force is, for everything the public or a partner reads (issue 19).

A force's administrator sets it once (``asbdesk site set FILE.yaml``): the force's name,
its public address and postcode, the ASB team's phone number (beside 101 and 999), e-mail,
website and who signs letters. The walk-in slip, the ring-back letter, the PDF log and
the training scorecard carry it. It is kept in the database (``asbdesk.storage``); this
module only reads and checks the file, and is pure Python (no Qt, no SQL).

The file is YAML with one top-level mapping, ``force:``, read with the packs' reader
(YAML 1.2, limits, the line of every key), so a mistake is reported as ``FILE:LINE: what``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from asbdesk.core.call import InputError, check_text
from asbdesk.core.normalise import NormaliseError, phone_display, phone_e164, postcode

FIELDS = (
    "name",
    "address",
    "postcode",
    "phone",
    "email",
    "website",
    "signatory",
    "occurrence_pattern",
    "occurrence_example",
)
# An occurrence reference where the force sets no pattern of its own (asbdesk's check, not a
# seed's: seed 002 names Niche occurrences but not their form): 4 to 32 letters, digits, '/'
# or '-', at least one a digit, so "x" or a name typed in the wrong box is refused.
DEFAULT_OCCURRENCE = re.compile(r"(?=[^0-9]*[0-9])[A-Za-z0-9][A-Za-z0-9/-]{3,31}")
DEFAULT_OCCURRENCE_WORDS = "4 to 32 letters, digits, '/' or '-', with at least one digit"
MAX_PATTERN = 200
MAX_SITE_BYTES = 20_000  # a site file is a dozen lines
MAX_LINE = 100  # one line of the address, the name, the signatory
MAX_ADDRESS_LINES = 6


@dataclass(frozen=True)
class Force:
    """The force as the public knows it. ``phone`` is kept in E.164 and shown in the
    national format (:attr:`phone_words`); every field but the name may be empty."""

    name: str
    address: tuple[str, ...] = ()
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    signatory: str | None = None
    # The form of the force's occurrence references (a regular expression the whole reference
    # must match) and one example of it, said when a reference is refused (issue 22.6).
    occurrence_pattern: str | None = None
    occurrence_example: str | None = None

    def occurrence_problem(self, reference: str) -> str | None:
        """Why ``reference`` is not an occurrence reference of this force, or None."""
        return occurrence_problem(reference, self)

    @property
    def phone_words(self) -> str | None:
        return phone_display(self.phone) if self.phone else None

    @property
    def postal_lines(self) -> tuple[str, ...]:
        """The return address as printed on a letter: the lines, then the postcode."""
        return (*self.address, *((self.postcode,) if self.postcode else ()))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["address"] = list(self.address)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Force:
        """Read back what :meth:`to_json` wrote (from the database): checked again."""
        return check_force(data, "force")


@dataclass(frozen=True)
class SiteIssue:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class SiteError(ValueError):
    """A site file that cannot be used; ``issues`` lists every problem with its line."""

    def __init__(self, issues: list[SiteIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class _FieldProblem(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _line(value: Any, field: str, *, required: bool = False, limit: int = MAX_LINE) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _FieldProblem(field, "is required")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field == "phone":
        raise _FieldProblem(field, "YAML read this as a number (a leading 0 is lost): put the number in quotes")
    if not isinstance(value, str):
        raise _FieldProblem(field, f"must be text, not {_kind(value)}")
    try:
        check_text(value, field, limit)
    except InputError as error:
        raise _FieldProblem(field, error.message) from None
    if "\n" in value.strip() or "\r" in value:
        raise _FieldProblem(field, "must be one line")
    return " ".join(value.split())


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        # Checked for form only: a workstation may have no network to look the domain up.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise _FieldProblem("email", f"'{value}' is not an e-mail address ({error})") from None


def _website(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or " " in value:
        raise _FieldProblem(
            "website", f"'{value}' is not a web address (write it in full, e.g. https://www.example.police.uk)"
        )
    return value


def check_force(data: Any, where: str = "force") -> Force:
    """``data`` (the ``force:`` mapping) as a :class:`Force`, or :class:`_FieldProblem`s
    raised one at a time (:func:`read_site` collects them all)."""
    problems = list(_problems(data))
    if problems:
        raise problems[0]
    return _force(data)


def _problems(data: Any) -> list[_FieldProblem]:
    if not isinstance(data, dict):
        return [_FieldProblem("", f"'force' must be a mapping of {', '.join(FIELDS)}")]
    out: list[_FieldProblem] = []
    for key in data:
        if key not in FIELDS:
            near = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            out.append(_FieldProblem(str(key), f"unknown key; {hint}(known keys: {', '.join(FIELDS)})"))
    for field in FIELDS:
        try:
            _field(field, data.get(field))
        except _FieldProblem as problem:
            out.append(problem)
    if bool(data.get("address")) != bool(data.get("postcode")) and not any(
        p.field in ("address", "postcode") for p in out
    ):
        missing = "postcode" if data.get("address") else "address"
        out.append(_FieldProblem(missing, "the address and the postcode go together: a letter needs both"))
    pattern, example = data.get("occurrence_pattern"), data.get("occurrence_example")
    if any(p.field.startswith("occurrence_") for p in out):
        return out
    if bool(pattern) != bool(example):
        missing = "occurrence_example" if pattern else "occurrence_pattern"
        out.append(_FieldProblem(missing, "the occurrence pattern and an example of it go together"))
    elif pattern and not re.fullmatch(str(pattern), str(example)):
        out.append(_FieldProblem("occurrence_example", f"'{example}' does not match the occurrence_pattern"))
    return out


def _field(field: str, value: Any) -> Any:
    if field == "name":
        return _line(value, field, required=True)
    if field == "address":
        if value is None or value == []:
            return ()
        if isinstance(value, str):
            raise _FieldProblem(field, "must be a list of lines (one '- ' item for each line of the address)")
        if not isinstance(value, list):
            raise _FieldProblem(field, f"must be a list of lines, not {_kind(value)}")
        if len(value) > MAX_ADDRESS_LINES:
            raise _FieldProblem(field, f"has {len(value)} lines; the limit is {MAX_ADDRESS_LINES} (the postcode apart)")
        lines = []
        for n, line in enumerate(value, 1):
            text = _line(line, f"address line {n}", required=True)
            assert text is not None
            lines.append(text)
        return tuple(lines)
    limits = {"signatory": 200, "email": 320, "occurrence_pattern": MAX_PATTERN}
    text = _line(value, field, limit=limits.get(field, MAX_LINE))
    if text is None:
        return None
    try:
        if field == "postcode":
            return postcode(text)
        if field == "phone":
            return phone_e164(text)
    except NormaliseError as error:
        raise _FieldProblem(field, str(error)) from None
    if field == "occurrence_pattern":
        try:
            re.compile(text)
        except re.error as error:
            raise _FieldProblem(field, f"is not a regular expression ({error})") from None
        return text
    if field == "email":
        return _email(text)
    if field == "website":
        return _website(text)
    return text


def occurrence_problem(reference: str, force: Force | None) -> str | None:
    """Why ``reference`` is not an occurrence reference in the force's form (its pattern, or
    asbdesk's default where it sets none), in words with an example; None when it is."""
    if force is not None and force.occurrence_pattern:
        if re.fullmatch(force.occurrence_pattern, reference):
            return None
        return f"'{reference}' is not in this force's form of occurrence reference (e.g. {force.occurrence_example})"
    if DEFAULT_OCCURRENCE.fullmatch(reference):
        return None
    return f"'{reference}' is not an occurrence reference ({DEFAULT_OCCURRENCE_WORDS}, e.g. 13/123456/26)"


def _force(data: dict[str, Any]) -> Force:
    return Force(**{field: _field(field, data.get(field)) for field in FIELDS})


def parse_site(text: str, file: str = "site.yaml") -> Force:
    """The force from a site file's text; :class:`SiteError` lists every problem by line."""
    from asbdesk.core.packs.loader import _compose

    issues: list[Any] = []
    data, lines, _used = _compose(text, file, issues)
    if issues:
        raise SiteError([SiteIssue(i.file, i.line, i.item, i.message) for i in issues])
    if not isinstance(data, dict) or "force" not in data:
        raise SiteError([SiteIssue(file, 1, "", "a site file is a mapping with one key, 'force:' (see docs/site.md)")])
    found = [
        SiteIssue(file, lines.get((key,)), str(key), "unknown top-level key; the only one is 'force'")
        for key in data
        if key != "force"
    ]
    force = data["force"]
    for problem in _problems(force):
        line = lines.get(("force", problem.field)) if problem.field in FIELDS else None
        if "the address and the postcode go together" in str(problem):  # where the other belongs
            line = lines.get(("force", "address")) or lines.get(("force", "postcode"))
        elif "go together" in str(problem):
            line = lines.get(("force", "occurrence_pattern")) or lines.get(("force", "occurrence_example"))
        if problem.field.startswith("address line "):
            n = int(problem.field.rsplit(" ", 1)[1])
            line = lines.get(("force", "address", n - 1))
        elif problem.field and problem.field not in FIELDS:
            line = lines.get(("force", problem.field))
        label = f"force.{problem.field}" if problem.field else "force"
        found.append(SiteIssue(file, line or lines.get(("force",)), label, str(problem)))
    if found:
        raise SiteError(sorted(found, key=lambda issue: issue.line or 0))  # in the order they are read
    return _force(force)


def read_site(path: str | Path) -> Force:
    """Read and check a site file (at most :data:`MAX_SITE_BYTES`, plain UTF-8 text)."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            raise SiteError([SiteIssue(str(path), None, "", "no such file (a site file is YAML: see docs/site.md)")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_SITE_BYTES + 1)
    except OSError as error:
        raise SiteError([SiteIssue(str(path), None, "", f"cannot be read ({error.strerror or error})")]) from None
    if len(raw) > MAX_SITE_BYTES:
        raise SiteError(
            [SiteIssue(name, None, "", f"is larger than {MAX_SITE_BYTES:,} bytes: a site file is a few lines")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SiteError(
            [SiteIssue(name, None, "", f"is not UTF-8 text ({error.reason} at byte {error.start})")]
        ) from None
    return parse_site(text, name)


def force_text(force: Force | None) -> str:
    """The site in words (``asbdesk site show --format text``)."""
    if force is None:
        return "No site is set: an administrator sets it with 'asbdesk site set FILE.yaml' (see docs/site.md)."
    rows = [
        ("Force", force.name),
        ("Address", ", ".join(force.postal_lines) or "(not set: letters cannot be written)"),
        ("ASB team phone", force.phone_words or "(not set: the public are given 101 and 999 only)"),
        ("E-mail", force.email or "(not set)"),
        ("Website", force.website or "(not set)"),
        ("Letters signed by", force.signatory or "(not set)"),
        (
            "Occurrence refs",
            f"{force.occurrence_pattern} (e.g. {force.occurrence_example})"
            if force.occurrence_pattern
            else f"(not set: {DEFAULT_OCCURRENCE_WORDS})",
        ),
    ]
    return "\n".join(f"{label + ':':<19}{value}" for label, value in rows)
