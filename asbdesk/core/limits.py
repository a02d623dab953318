"""The numbers a pack may hold (packs are untrusted input, issue 13).

One place for the numeric limits the schema (``asbdesk.core.packs.model``), the
condition parser (``asbdesk.core.conditions``) and the loader check; dependency-free
so each can import it. Listed in docs/packs.md, "Limits (packs are untrusted input)".
"""

MAX_WINDOW_DAYS = 3_660  # repeat_rules window_days, incidents within_days (ten years)
MAX_WINDOW_MONTHS = 120  # incidents within_months, national case_review window_months
MAX_COUNT = 1_000  # repeat_rules count, incidents at_least
MAX_SCORE = 1_000  # option scores (either sign), matrix thresholds, score conditions
MAX_ANSWER_NUMBER = 1_000_000  # numbers an answer is compared with (either sign, finite)
MAX_WITHIN_HOURS = 24 * 366  # referrals within_hours
