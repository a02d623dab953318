"""The domain, as the GUI reaches it: imported on first use, after the window has painted.

Both the desk and its dialogs import from here (not from each other).
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace


@cache
def late() -> SimpleNamespace:
    """The domain modules (engine, session, render, slip, storage records), loaded once."""
    from asbdesk.core import render, session, slip
    from asbdesk.core.call import RequestedFlag, address_line, call_to_json
    from asbdesk.storage import records

    return SimpleNamespace(
        render=render,
        session=session,
        slip=slip,
        RequestedFlag=RequestedFlag,
        address_line=address_line,
        call_to_json=call_to_json,
        records=records,
    )


def said_in_words(error: Exception) -> bool:
    """A SessionError: the operator cannot do this now, and the message says why."""
    return isinstance(error, late().session.SessionError)
