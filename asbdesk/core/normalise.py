"""Normalising what callers say: phone numbers, postcodes, e-mail addresses and names.

Phone numbers go through Google's ``phonenumbers`` library (any UK format to
E.164); a number that is not valid is refused, never stored half-right. E-mail
addresses go through ``email-validator`` (form only: no network lookup).
"""

from __future__ import annotations

import re
import unicodedata

from asbdesk.core import messages
from asbdesk.core.messages import Refused


class NormaliseError(Refused):
    """What the operator typed cannot be used; the message says why, in words."""


def phone_e164(text: str, region: str = "GB") -> str:
    """'01223 123456', '+44 1223 123456', '(01223) 123-456' -> '+441223123456'."""
    import phonenumbers  # ~40 ms to import: only when a number is read (not for every assessment)

    if not isinstance(text, str) or not text.strip():
        raise NormaliseError(messages.PHONE_NEEDED)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise NormaliseError(messages.NOT_A_PHONE, text=text) from None
    if not phonenumbers.is_valid_number(number):
        raise NormaliseError(messages.PHONE_NOT_VALID, text=text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, region: str = "GB") -> str:
    import phonenumbers

    number = phonenumbers.parse(e164, region)
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# RFC 5321's limit on an address in a mail path (email-validator holds it too).
EMAIL_LIMIT = 254


def email_address(text: str) -> str:
    """' Elsie.Garside@Example.ORG ' -> 'Elsie.Garside@example.org' (the domain in lower
    case, the local part as typed); anything that is not an e-mail address is refused in
    words. Checked for form only: a workstation may have no network to look the domain up."""
    from email_validator import EmailNotValidError, validate_email  # only when an address is typed

    if not isinstance(text, str) or not text.strip():
        raise NormaliseError(messages.EMAIL_NEEDED)
    typed = text.strip()
    if len(typed) > EMAIL_LIMIT:
        raise NormaliseError(messages.EMAIL_TOO_LONG, limit=EMAIL_LIMIT, length=len(typed))
    try:
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise NormaliseError(messages.NOT_AN_EMAIL, text=typed, problem=str(error)) from None


# The UK postcode format (Royal Mail PAF): outward code, a space, inward code.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def postcode(text: str) -> str:
    """' cb12ab ' -> 'CB1 2AB'; anything that is not a UK postcode is refused."""
    if not isinstance(text, str):
        raise NormaliseError(messages.POSTCODE_NEEDED)
    squashed = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(squashed):
        raise NormaliseError(messages.NOT_A_POSTCODE, text=text.strip())
    return f"{squashed[:-3]} {squashed[-3:]}"


def postcode_key(text: str) -> str:
    """The postcode as stored for search: no space ('CB12AB')."""
    return postcode(text).replace(" ", "")


def looks_like_postcode_prefix(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{1,2}[0-9][0-9A-Za-z]?\s*[0-9]?[A-Za-z]{0,2}", text.strip()))


def name_key(text: str) -> str:
    """Case- and accent-insensitive search key: 'Zoë  O’Brien' -> 'zoe o'brien'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text.casefold()).strip()
