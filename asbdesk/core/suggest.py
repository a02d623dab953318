"""'Did you mean ...?' for a name that is not known (issue 19.6).

A pack author who types ``q9`` for ``q8`` or ``mandatory_atendance`` is told the nearest
known name and what the known names are, cut to a readable number.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_LISTED = 12  # known names listed before "... and N more"


def known_names(known: Iterable[object], limit: int = MAX_LISTED) -> str:
    """'known: a, b, c' (in the order given, each once), cut after ``limit`` names."""
    names = list(dict.fromkeys(str(k) for k in known))
    if not names:
        return "none are defined"
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return f"known: {shown}" + (f", ... and {more} more" if more > 0 else "")


def did_you_mean(name: object, known: Iterable[object], limit: int = MAX_LISTED) -> str:
    """The hint after "unknown X 'name'": "; did you mean 'y'? (known: ...)", or " (known: ...)"."""
    names = list(dict.fromkeys(str(k) for k in known))
    text = str(name)
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6) if len(text) <= 64 else []
    if not close and len(text) <= 64:  # 'Q8' for 'q8', '801 ' for '801'
        folded = {n.casefold().strip(): n for n in names}
        found = folded.get(text.casefold().strip())
        close = [found] if found else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{hint} ({known_names(names, limit)})"


def unknown(what: str, name: object, known: Iterable[object], limit: int = MAX_LISTED) -> str:
    """ "unknown question 'q9'; did you mean 'q8'? (known: q1, q2, ...)"."""
    return f"unknown {what} '{name}'{did_you_mean(name, known, limit)}"
