"""Normalising what callers say: phone numbers, postcodes, e-mail addresses and names.

Phone numbers go through Google's ``phonenumbers`` library (any UK format to
E.164); a number that is not valid is refused, never stored half-right. E-mail
addresses go through ``email-validator`` (form only: no network lookup).
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers


class NormaliseError(ValueError):
    """What the operator typed cannot be used; the message says why, in words."""


def phone_e164(text: str, region: str = "GB") -> str:
    """'01223 123456', '+44 1223 123456', '(01223) 123-456' -> '+441223123456'."""
    if not isinstance(text, str) or not text.strip():
        raise NormaliseError("a phone number is needed")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise NormaliseError(f"'{text}' is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise NormaliseError(f"'{text}' is not a valid phone number (check the digits and the area code)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, region: str = "GB") -> str:
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
        raise NormaliseError("an e-mail address is needed")
    typed = text.strip()
    if len(typed) > EMAIL_LIMIT:
        raise NormaliseError(f"an e-mail address is at most {EMAIL_LIMIT} characters ({len(typed):,} given)")
    try:
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise NormaliseError(f"'{typed}' is not an e-mail address ({error})") from None


# The UK postcode format (Royal Mail PAF): outward code, a space, inward code.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def postcode(text: str) -> str:
    """' cb12ab ' -> 'CB1 2AB'; anything that is not a UK postcode is refused."""
    if not isinstance(text, str):
        raise NormaliseError("a postcode is needed")
    squashed = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(squashed):
        raise NormaliseError(f"'{text.strip()}' is not a UK postcode (e.g. CB1 2AB)")
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
